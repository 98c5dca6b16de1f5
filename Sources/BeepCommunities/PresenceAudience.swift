import BeepPlatformCore

/// Who receives a user's `presence.updated` (docs/events.md, "Presence").
public struct PresenceAudience: Sendable, Hashable {
    /// Users who receive it on every session: co-members of servers at or under the fan-out limit.
    public var everyone: Set<UserID> = []
    /// For each larger server the user belongs to, its members: they receive it only on sessions
    /// watching that server's member list.
    public var memberLists: [Snowflake: Set<UserID>] = [:]

    /// An audience from its parts.
    public init(everyone: Set<UserID> = [], memberLists: [Snowflake: Set<UserID>] = [:]) {
        self.everyone = everyone
        self.memberLists = memberLists
    }
}
