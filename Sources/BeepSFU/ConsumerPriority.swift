/// How much a consumer matters when a subscriber's bandwidth is divided: screen shares
/// first, then the active speaker's video, then the rest.
public enum ConsumerPriority: Int, Sendable, Hashable, Codable, Comparable {
    /// A screen share: served first.
    case screenShare = 0
    /// The current active speaker's camera.
    case activeSpeaker = 1
    /// Any other video.
    case normal = 2

    /// Higher priority sorts first.
    public static func < (lhs: ConsumerPriority, rhs: ConsumerPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
