/// How well a participant's media connection works, as the SFU judges it from loss, round-trip
/// time, the bandwidth estimate against what its streams need, and ICE consent freshness
/// (docs/signalling.md, `connectionQuality`). The raw values are the wire strings.
public enum ConnectionQuality: String, Sendable, Equatable, Hashable, CaseIterable, Codable, Comparable {
    /// Loss and delay low enough for every stream.
    case good
    /// Noticeable loss or delay; media still flows.
    case fair
    /// Heavy loss or delay, or consent freshness lost (RFC 7675): media is failing.
    case poor

    /// Orders from best to worst: `good < fair < poor`.
    public static func < (lhs: ConnectionQuality, rhs: ConnectionQuality) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .good: 0
        case .fair: 1
        case .poor: 2
        }
    }
}

/// Whether a participant's signalling socket is attached (docs/signalling.md,
/// `participantConnection`). The raw values are the wire strings.
public enum ParticipantConnectionState: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Its WebSocket is open.
    case connected
    /// Its WebSocket dropped; it keeps its place, tracks and media for the grace period.
    case reconnecting
}

/// Why the server took a participant out of the call without it asking (`removed`).
public enum RemovalReason: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// No media and no ICE consent for the media timeout (RFC 7675 §5.1: 30 s).
    case mediaTimeout = "media_timeout"
    /// An operator removed the participant through the admin API.
    case admin
}
