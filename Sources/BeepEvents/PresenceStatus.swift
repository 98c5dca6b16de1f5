/// A user's presence on the events stream (docs/events.md, "Presence"): online while one of
/// their connections is active, idle while all of their connections said `idle`, offline
/// without an identified connection.
public enum PresenceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Connected and active.
    case online
    /// Connected, every connection idle.
    case idle
    /// Not connected.
    case offline
}
