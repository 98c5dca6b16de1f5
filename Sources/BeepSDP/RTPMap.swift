/// `a=rtpmap`: binds a dynamic payload type to a codec (RFC 8866 §6.6).
public struct RTPMap: Hashable, Sendable {
    /// The RTP payload type, 0...127.
    public var payloadType: UInt8
    /// The encoding name as written, e.g. `opus`, `VP8`, `rtx`.
    public var encoding: String
    /// The RTP clock rate in Hz.
    public var clockRate: UInt32
    /// The channel count for audio (e.g. 2 for opus), when given.
    public var channels: UInt16?

    /// Creates an rtpmap.
    public init(payloadType: UInt8, encoding: String, clockRate: UInt32, channels: UInt16? = nil) {
        self.payloadType = payloadType
        self.encoding = encoding
        self.clockRate = clockRate
        self.channels = channels
    }

    /// Parses `<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> RTPMap {
        let f = SDPText.fields(value)
        guard f.count == 2 else {
            throw SDPParseError(f.count < 2 ? .missingField : .malformedLine,
                                "rtpmap needs '<pt> <encoding>/<clock rate>'")
        }
        let pt = try SDPText.payloadType(f[0])
        let parts = SDPText.split(f[1], on: "/", omittingEmpty: false)
        guard parts.count == 2 || parts.count == 3, let name = parts.first, !name.isEmpty else {
            throw SDPParseError(.missingField, "rtpmap encoding needs '<name>/<clock rate>[/<channels>]'")
        }
        let rate: UInt32 = try SDPText.number(parts[1], field: "rtpmap clock rate")
        var channels: UInt16?
        if parts.count == 3 { channels = try SDPText.number(parts[2], field: "rtpmap channels") }
        return RTPMap(payloadType: pt, encoding: String(name), clockRate: rate, channels: channels)
    }

    /// The attribute value.
    public var sdpValue: String {
        let base = "\(payloadType) \(encoding)/\(clockRate)"
        return channels.map { "\(base)/\($0)" } ?? base
    }
}
