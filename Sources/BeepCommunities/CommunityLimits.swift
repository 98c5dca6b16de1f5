/// Caps that keep one user or one server from growing without bound (the seed's "prevent users
/// from creating an excessive number of servers or other entities").
public struct CommunityLimits: Sendable, Hashable {
    /// Servers a user may belong to, owned ones included.
    public var maxServersPerUser: Int
    /// Servers a user may own.
    public var maxOwnedServersPerUser: Int
    /// Channels (folders included) per server.
    public var maxChannelsPerServer: Int
    /// Roles per server, @everyone excluded.
    public var maxRolesPerServer: Int
    /// Live (unrevoked) invites per server.
    public var maxInvitesPerServer: Int
    /// Members past which a server is large: its members' presence reaches only the sessions
    /// watching its member list, not every member (docs/events.md, "Presence").
    public var presenceFanOutMembers: Int

    /// The default ``presenceFanOutMembers``: servers of more than 100 members are large.
    public static let defaultPresenceFanOutMembers = 100

    /// Limits from their parts.
    public init(maxServersPerUser: Int = 100, maxOwnedServersPerUser: Int = 10, maxChannelsPerServer: Int = 500,
                maxRolesPerServer: Int = 250, maxInvitesPerServer: Int = 1000,
                presenceFanOutMembers: Int = CommunityLimits.defaultPresenceFanOutMembers) {
        self.maxServersPerUser = maxServersPerUser
        self.maxOwnedServersPerUser = maxOwnedServersPerUser
        self.maxChannelsPerServer = maxChannelsPerServer
        self.maxRolesPerServer = maxRolesPerServer
        self.maxInvitesPerServer = maxInvitesPerServer
        self.presenceFanOutMembers = presenceFanOutMembers
    }
}
