/// A codec offered in a media section: its `rtpmap` joined with its `fmtp` and `rtcp-fb` lines
/// (RFC 8866 §6.6, §6.15; RFC 4585 §4.2).
public struct Codec: Hashable, Sendable {
    /// The payload type.
    public var payloadType: UInt8
    /// The encoding name as written (e.g. `opus`, `VP8`, `rtx`).
    public var name: String
    /// The RTP clock rate.
    public var clockRate: UInt32
    /// The channel count, when given.
    public var channels: UInt16?
    /// The fmtp parameters, when present.
    public var parameters: FormatParameters?
    /// The feedback lines that apply: those for this payload type and those for `*`.
    public var feedback: [RTCPFeedback]

    /// Creates a codec.
    public init(payloadType: UInt8, name: String, clockRate: UInt32, channels: UInt16? = nil,
                parameters: FormatParameters? = nil, feedback: [RTCPFeedback] = []) {
        self.payloadType = payloadType
        self.name = name
        self.clockRate = clockRate
        self.channels = channels
        self.parameters = parameters
        self.feedback = feedback
    }

    /// Whether the encoding name is `name`, ignoring case (RFC 8866 §6.6: names are case-insensitive).
    public func isNamed(_ name: String) -> Bool { self.name.lowercased() == name.lowercased() }

    /// Whether this is a retransmission codec (RFC 4588 §8.6, encoding `rtx`).
    public var isRTX: Bool { isNamed("rtx") }

    /// For an `rtx` codec, the payload type it repairs (`apt=`, RFC 4588 §8.6).
    public var associatedPayloadType: UInt8? {
        guard let text = parameters?.value(for: "apt") else { return nil }
        return try? SDPText.payloadType(text[...])
    }
}
