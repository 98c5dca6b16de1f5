import BeepSTUN

/// One ICE candidate as the agent sees it (RFC 8445 §5.1); the SDP layer converts to and
/// from `a=candidate` lines (RFC 8839 §5.1).
public struct ICECandidate: Hashable, Sendable, CustomStringConvertible {
    /// The kind of a candidate (RFC 8445 §5.1.1).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An address of a local interface (RFC 8445 §5.1.1.1).
        case host
        /// An address a STUN server saw, outside a NAT (RFC 8445 §5.1.1.2).
        case serverReflexive = "srflx"
        /// An address learnt from a connectivity check (RFC 8445 §7.2.5.3.1, §7.3.1.3).
        case peerReflexive = "prflx"
        /// An address on a TURN server (RFC 8445 §5.1.1.2).
        case relay

        /// The RFC 8445 §5.1.2.2 recommended type preference: host 126, peer-reflexive 110,
        /// server-reflexive 100, relayed 0.
        public var typePreference: UInt32 {
            switch self {
            case .host: 126
            case .peerReflexive: 110
            case .serverReflexive: 100
            case .relay: 0
            }
        }
    }

    /// The transport protocol; only UDP is supported.
    public enum Transport: String, Sendable, Hashable {
        /// UDP (RFC 8445).
        case udp
    }

    /// Candidates with the same type, base IP, server and transport share it (RFC 8445 §5.1.1.3).
    public var foundation: String
    /// The component: 1 (RTP, with rtcp-mux the only one).
    public var component: UInt8
    /// The transport, UDP.
    public var transport: Transport
    /// The candidate priority (RFC 8445 §5.1.2).
    public var priority: UInt32
    /// The transport address.
    public var address: STUNAddress
    /// The kind of candidate.
    public var kind: Kind
    /// The base or server address of a reflexive or relayed candidate (`raddr`/`rport`).
    public var relatedAddress: STUNAddress?

    /// A candidate from all of its fields.
    public init(foundation: String, component: UInt8 = 1, transport: Transport = .udp, priority: UInt32,
                address: STUNAddress, kind: Kind, relatedAddress: STUNAddress? = nil) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.kind = kind
        self.relatedAddress = relatedAddress
    }

    /// A host candidate for a bound local address, with priority and foundation computed as
    /// RFC 8445 §5.1.2.1 and §5.1.1.3 describe.
    public static func host(_ address: STUNAddress, localPreference: UInt16 = 65535, component: UInt8 = 1) -> ICECandidate {
        ICECandidate(foundation: foundation(kind: .host, base: address),
                     component: component,
                     priority: priority(kind: .host, localPreference: localPreference, component: component),
                     address: address, kind: .host)
    }

    /// A peer-reflexive candidate learnt from a check (RFC 8445 §7.3.1.3: its priority is the
    /// PRIORITY attribute of the check; the foundation is an arbitrary unique value).
    public static func peerReflexive(_ address: STUNAddress, priority: UInt32, component: UInt8 = 1) -> ICECandidate {
        ICECandidate(foundation: foundation(kind: .peerReflexive, base: address), component: component,
                     priority: priority, address: address, kind: .peerReflexive)
    }

    /// A server-reflexive candidate `address` whose base is `base`, learnt from `server`
    /// (RFC 8445 §5.1.1.2).
    public static func serverReflexive(_ address: STUNAddress, base: STUNAddress, server: STUNAddress? = nil,
                                       localPreference: UInt16 = 65535, component: UInt8 = 1) -> ICECandidate {
        ICECandidate(foundation: foundation(kind: .serverReflexive, base: base, server: server),
                     component: component,
                     priority: priority(kind: .serverReflexive, localPreference: localPreference, component: component),
                     address: address, kind: .serverReflexive, relatedAddress: base)
    }

    /// The candidate priority of RFC 8445 §5.1.2.1:
    /// `2^24 × type preference + 2^8 × local preference + (256 − component ID)`.
    public static func priority(kind: Kind, localPreference: UInt16, component: UInt8) -> UInt32 {
        (kind.typePreference << 24) | (UInt32(localPreference) << 8) | (256 &- UInt32(component))
    }

    /// A foundation (RFC 8445 §5.1.1.3): equal for the same kind, base IP address, server and
    /// transport (UDP). Rendered as decimal digits of a 32-bit FNV-1a hash, which are valid
    /// ice-chars of at most 10 characters.
    /// `serverTransport` distinguishes relayed candidates reached over TCP or TLS to the
    /// same server (nil, the default, leaves the hash as before).
    public static func foundation(kind: Kind, base: STUNAddress, server: STUNAddress? = nil,
                                  serverTransport: String? = nil) -> String {
        var hash: UInt32 = 0x811C_9DC5
        func mix(_ byte: UInt8) {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        for byte in kind.rawValue.utf8 { mix(byte) }
        mix(0)
        for byte in base.addressBytes { mix(byte) }
        mix(0)
        if let server {
            for byte in server.addressBytes { mix(byte) }
            mix(UInt8(truncatingIfNeeded: server.port >> 8))
            mix(UInt8(truncatingIfNeeded: server.port))
        }
        for byte in "udp".utf8 { mix(byte) }
        if let serverTransport {
            mix(0)
            for byte in serverTransport.utf8 { mix(byte) }
        }
        return String(hash)
    }

    /// For example "host 127.0.0.1:8801 prio 2130706431".
    public var description: String { "\(kind.rawValue) \(address) prio \(priority)" }
}
