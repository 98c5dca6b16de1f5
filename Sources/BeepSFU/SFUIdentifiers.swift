/// Identifies a participant of an ``SFURouter`` (one peer session on the server side).
public struct ParticipantID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The raw value, chosen by the caller (e.g. the signalling layer's peer id).
    public var rawValue: String
    /// An identifier with the given raw value.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Orders by raw value, so snapshots and fan-out are deterministic.
    public static func < (lhs: ParticipantID, rhs: ParticipantID) -> Bool { lhs.rawValue < rhs.rawValue }
    /// The raw value.
    public var description: String { rawValue }
}

/// Identifies a producer (a published track) in an ``SFURouter``; assigned by the router.
public struct ProducerID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The raw value, unique within one router.
    public var rawValue: UInt64
    /// An identifier with the given raw value.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    /// Orders by raw value (creation order).
    public static func < (lhs: ProducerID, rhs: ProducerID) -> Bool { lhs.rawValue < rhs.rawValue }
    /// "producer-N".
    public var description: String { "producer-\(rawValue)" }
}

/// Identifies a consumer (one subscriber's copy of one producer) in an ``SFURouter``; assigned
/// by the router.
public struct ConsumerID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The raw value, unique within one router.
    public var rawValue: UInt64
    /// An identifier with the given raw value.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    /// Orders by raw value (creation order).
    public static func < (lhs: ConsumerID, rhs: ConsumerID) -> Bool { lhs.rawValue < rhs.rawValue }
    /// "consumer-N".
    public var description: String { "consumer-\(rawValue)" }
}

/// The media kind of a track (the SDP media type, RFC 8866 §5.14).
public enum MediaKind: String, Hashable, Sendable, Codable {
    /// Audio (Opus in Beep).
    case audio
    /// Video (VP8 in Beep).
    case video
}

/// The codec of a track, as far as forwarding cares: VP8 needs key frame detection
/// (RFC 7741 §4.3); Opus needs nothing (RFC 7587); anything else is forwarded opaquely.
public enum SFUCodec: String, Hashable, Sendable, Codable {
    /// Opus audio (RFC 7587).
    case opus
    /// VP8 video (RFC 7741).
    case vp8
    /// Another codec, forwarded without inspecting its payload (no key frame detection).
    case other
}
