/// `a=rtcp-fb`: an RTCP feedback message a codec supports, e.g. `96 nack pli` (RFC 4585 §4.2).
public struct RTCPFeedback: Hashable, Sendable {
    /// Which payload types the feedback applies to.
    public enum Target: Hashable, Sendable {
        /// Every payload type of the media section (`*`).
        case all
        /// One payload type.
        case payloadType(UInt8)
    }

    /// The payload type, or `*`.
    public var target: Target
    /// The feedback type, e.g. `nack`, `ccm`, `goog-remb`, `transport-cc`, `trr-int`.
    public var type: String
    /// The parameter after the type, e.g. `pli` or `fir`; may hold several space-separated tokens.
    public var parameter: String?

    /// Creates a feedback attribute.
    public init(target: Target, type: String, parameter: String? = nil) {
        self.target = target
        self.type = type
        self.parameter = parameter
    }

    /// Whether this applies to payload type `pt`.
    public func applies(to pt: UInt8) -> Bool {
        switch target {
        case .all: true
        case .payloadType(let own): own == pt
        }
    }

    /// Parses `<pt>|* SP <type> [SP <parameters>]`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> RTCPFeedback {
        let f = SDPText.fields(value)
        try SDPText.require(f, atLeast: 2, "rtcp-fb")
        let target: Target = f[0] == "*" ? .all : .payloadType(try SDPText.payloadType(f[0]))
        let parameter = f.count > 2 ? f.dropFirst(2).joined(separator: " ") : nil
        return RTCPFeedback(target: target, type: String(f[1]), parameter: parameter)
    }

    /// The attribute value.
    public var sdpValue: String {
        let pt = switch target {
        case .all: "*"
        case .payloadType(let value): "\(value)"
        }
        return parameter.map { "\(pt) \(type) \($0)" } ?? "\(pt) \(type)"
    }
}
