import BeepPlatformCore

/// Who is online right now, for the members list. The gateway (WebSocket connections) or the
/// calls service provides it; the communities service stores no presence itself.
public protocol PresenceSource: Sendable {
    /// The users among `users` who are online.
    func onlineUsers(among users: [UserID]) async -> Set<UserID>
}
