/// The server-assigned id of one participant in a call (one connection in the call).
///
/// On the wire it is a JSON string; browsers also see it as the stream id of the
/// participant's remote tracks (`a=msid:<participantId> <trackId>`, RFC 8830 §2).
public struct ParticipantID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The wire string, e.g. `p3`.
    public var rawValue: String

    /// Wraps a wire string.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Decodes from a JSON string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Orders by the wire string.
    public static func < (lhs: ParticipantID, rhs: ParticipantID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The wire string.
    public var description: String { rawValue }
}
