/// One media section: an `m=` line and the lines after it up to the next `m=` (RFC 8866 §5.14).
public struct MediaDescription: Hashable, Sendable {
    /// The media type.
    public var kind: MediaKind
    /// The transport port (9 is the JSEP "discard" placeholder; 0 rejects the section).
    public var port: UInt16
    /// The number of ports, when written as `<port>/<count>`.
    public var portCount: UInt16?
    /// The transport protocol, e.g. `UDP/TLS/RTP/SAVPF` or `UDP/DTLS/SCTP`.
    public var proto: String
    /// The media formats: RTP payload types as text, or e.g. `webrtc-datachannel`.
    public var formats: [String]
    /// The `i=` line.
    public var information: String?
    /// The `c=` lines (several are allowed at media level).
    public var connections: [ConnectionData]
    /// The `b=` lines.
    public var bandwidths: [Bandwidth]
    /// The obsolete `k=` line, kept verbatim.
    public var encryptionKey: String?
    /// The `a=` lines in order.
    public var attributes: [SDPAttribute]

    /// Creates a media section.
    public init(kind: MediaKind, port: UInt16 = 9, portCount: UInt16? = nil, proto: String, formats: [String],
                information: String? = nil, connections: [ConnectionData] = [ConnectionData()],
                bandwidths: [Bandwidth] = [], encryptionKey: String? = nil, attributes: [SDPAttribute] = []) {
        self.kind = kind
        self.port = port
        self.portCount = portCount
        self.proto = proto
        self.formats = formats
        self.information = information
        self.connections = connections
        self.bandwidths = bandwidths
        self.encryptionKey = encryptionKey
        self.attributes = attributes
    }

    /// Whether the protocol carries RTP (its formats are then payload types, RFC 8866 §5.14).
    public var isRTP: Bool { proto.contains("RTP/") }

    /// The formats as RTP payload types (empty for non-RTP sections).
    public var payloadTypes: [UInt8] {
        guard isRTP else { return [] }
        return formats.compactMap { UInt8($0) }
    }

    /// Appends a typed attribute.
    public mutating func append(_ value: SDPAttribute.Value) {
        attributes.append(SDPAttribute(value))
    }

    /// Parses the value of an `m=` line: `<media> <port>[/<number of ports>] <proto> 1*(SP <fmt>)`.
    /// For RTP protocols every format must be a payload type 0...127.
    public static func parse(mediaLine value: Substring) throws(SDPParseError) -> MediaDescription {
        let f = SDPText.fields(value)
        try SDPText.require(f, atLeast: 4, "m=")
        let (portText, countText) = SDPText.splitOnce(f[1], at: "/")
        let port: UInt16 = try SDPText.number(portText, field: "m= port")
        var count: UInt16?
        if let countText { count = try SDPText.number(countText, field: "m= number of ports") }
        let media = MediaDescription(kind: MediaKind(rawValue: String(f[0])), port: port, portCount: count,
                                     proto: String(f[2]), formats: f.dropFirst(3).map(String.init),
                                     connections: [])
        if media.isRTP {
            for format in f.dropFirst(3) { _ = try SDPText.payloadType(format) }
        }
        return media
    }

    /// The value of the `m=` line.
    public var mediaLineValue: String {
        let ports = portCount.map { "\(port)/\($0)" } ?? "\(port)"
        return ([kind.rawValue, ports, proto] + formats).joined(separator: " ")
    }
}
