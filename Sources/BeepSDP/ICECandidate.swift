/// `a=candidate`: one ICE candidate (RFC 8839 §5.1), also the payload of trickled candidates.
public struct ICECandidate: Hashable, Sendable {
    /// The candidate type after `typ` (RFC 8839 §5.1 cand-type).
    public struct CandidateType: RawRepresentable, Hashable, Sendable {
        /// The token as written.
        public var rawValue: String
        /// Creates a type from a token.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A local interface address.
        public static let host = CandidateType(rawValue: "host")
        /// Server reflexive (seen by a STUN server).
        public static let srflx = CandidateType(rawValue: "srflx")
        /// Peer reflexive (learned from a connectivity check).
        public static let prflx = CandidateType(rawValue: "prflx")
        /// Relayed through TURN.
        public static let relay = CandidateType(rawValue: "relay")
    }

    /// The TCP candidate role (RFC 6544 §4.5).
    public enum TCPType: String, Hashable, Sendable {
        /// Opens outgoing connections only.
        case active
        /// Accepts incoming connections only.
        case passive
        /// Simultaneous open.
        case so
    }

    /// The foundation: 1 to 32 ice-chars.
    public var foundation: String
    /// The component id: 1 for RTP, 2 for RTCP (1...256).
    public var component: UInt16
    /// The transport as written (`udp`, `UDP`, `tcp`); compare with `isUDP` / `isTCP`.
    public var transport: String
    /// The priority (RFC 8445 §5.1.2).
    public var priority: UInt32
    /// The address: an IP literal or a host name such as an mDNS `<uuid>.local` name, kept as text.
    public var address: String
    /// The port.
    public var port: UInt16
    /// The type after `typ`.
    public var type: CandidateType
    /// The related address (`raddr`), for reflexive and relayed candidates.
    public var relatedAddress: String?
    /// The related port (`rport`).
    public var relatedPort: UInt16?
    /// The TCP role (`tcptype`, RFC 6544 §4.5).
    public var tcpType: TCPType?
    /// Chromium's `generation` extension.
    public var generation: UInt32?
    /// The `ufrag` extension naming the ICE generation's username fragment.
    public var ufrag: String?
    /// Chromium's `network-id` extension.
    public var networkID: UInt32?
    /// Chromium's `network-cost` extension.
    public var networkCost: UInt32?
    /// Any other extension name/value pairs, in written order.
    public var extensions: [FormatParameter]

    /// Creates a candidate.
    public init(foundation: String, component: UInt16 = 1, transport: String = "udp", priority: UInt32,
                address: String, port: UInt16, type: CandidateType = .host,
                relatedAddress: String? = nil, relatedPort: UInt16? = nil, tcpType: TCPType? = nil,
                generation: UInt32? = nil, ufrag: String? = nil, networkID: UInt32? = nil,
                networkCost: UInt32? = nil, extensions: [FormatParameter] = []) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.tcpType = tcpType
        self.generation = generation
        self.ufrag = ufrag
        self.networkID = networkID
        self.networkCost = networkCost
        self.extensions = extensions
    }

    /// Whether the transport is UDP (case-insensitive, RFC 8839 §5.1).
    public var isUDP: Bool { transport.lowercased() == "udp" }
    /// Whether the transport is TCP (case-insensitive).
    public var isTCP: Bool { transport.lowercased() == "tcp" }
    /// Whether the address is an mDNS host name (`.local`, draft-ietf-mmusic-mdns-ice-candidates).
    public var isMDNS: Bool { address.lowercased().hasSuffix(".local") }

    /// Parses a candidate attribute value; a leading `a=` and/or `candidate:` is accepted so trickled
    /// candidate strings (`candidate:1 1 udp ...`) parse too.
    public static func parse(_ text: Substring) throws(SDPParseError) -> ICECandidate {
        var value = text
        if value.hasPrefix("a=") { value = value.dropFirst(2) }
        if value.hasPrefix("candidate:") { value = value.dropFirst("candidate:".count) }
        let f = SDPText.fields(value)
        try SDPText.require(f, atLeast: 8, "candidate")
        guard (1...32).contains(f[0].utf8.count), f[0].utf8.allSatisfy({ isICEChar($0) }) else {
            throw SDPParseError(.invalidValue, "candidate foundation '\(SDPText.clip(f[0]))' is not 1-32 ice-chars")
        }
        guard f[6] == "typ" else {
            throw SDPParseError(.invalidValue, "candidate field 7 is '\(SDPText.clip(f[6]))', expected 'typ'")
        }
        var candidate = ICECandidate(
            foundation: String(f[0]),
            component: try SDPText.number(f[1], in: UInt16(1)...UInt16(256), field: "candidate component"),
            transport: String(f[2]),
            priority: try SDPText.number(f[3], field: "candidate priority"),
            address: String(f[4]),
            port: try SDPText.number(f[5], field: "candidate port"),
            type: CandidateType(rawValue: String(f[7])))
        var index = 8
        while index < f.count {
            guard index + 1 < f.count else {
                throw SDPParseError(.missingField, "candidate extension '\(SDPText.clip(f[index]))' has no value")
            }
            try candidate.apply(key: f[index], value: f[index + 1])
            index += 2
        }
        return candidate
    }

    /// Parses a trickled candidate string such as `RTCIceCandidate.candidate` (see `parse(_:)` for
    /// the accepted prefixes).
    public static func parse(_ text: String) throws(SDPParseError) -> ICECandidate {
        try parse(text[...])
    }

    private mutating func apply(key: Substring, value: Substring) throws(SDPParseError) {
        switch key {
        case "raddr": relatedAddress = String(value)
        case "rport": relatedPort = try SDPText.number(value, field: "candidate rport")
        case "tcptype":
            guard let role = TCPType(rawValue: String(value)) else {
                throw SDPParseError(.invalidValue, "candidate tcptype '\(SDPText.clip(value))' is unknown")
            }
            tcpType = role
        case "generation": generation = try SDPText.number(value, field: "candidate generation")
        case "ufrag": ufrag = String(value)
        case "network-id": networkID = try SDPText.number(value, field: "candidate network-id")
        case "network-cost": networkCost = try SDPText.number(value, field: "candidate network-cost")
        default: extensions.append(FormatParameter(key: String(key), value: String(value)))
        }
    }

    /// The attribute value (without `candidate:`), extensions in the order raddr, rport, tcptype,
    /// generation, ufrag, network-id, network-cost, then the others (Chromium's order).
    public var sdpValue: String {
        var f = [foundation, "\(component)", transport, "\(priority)", address, "\(port)", "typ", type.rawValue]
        if let relatedAddress { f += ["raddr", relatedAddress] }
        if let relatedPort { f += ["rport", "\(relatedPort)"] }
        if let tcpType { f += ["tcptype", tcpType.rawValue] }
        if let generation { f += ["generation", "\(generation)"] }
        if let ufrag { f += ["ufrag", ufrag] }
        if let networkID { f += ["network-id", "\(networkID)"] }
        if let networkCost { f += ["network-cost", "\(networkCost)"] }
        for ext in extensions { f += [ext.key, ext.value ?? ""] }
        return f.joined(separator: " ")
    }

    /// The trickle form `candidate:<value>` used by `RTCIceCandidate.candidate`.
    public var candidateString: String { "candidate:" + sdpValue }

    private static func isICEChar(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2B || byte == 0x2F
    }
}
