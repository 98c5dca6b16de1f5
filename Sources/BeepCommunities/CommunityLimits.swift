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

    /// Limits from their parts.
    public init(maxServersPerUser: Int = 100, maxOwnedServersPerUser: Int = 10, maxChannelsPerServer: Int = 500,
                maxRolesPerServer: Int = 250, maxInvitesPerServer: Int = 1000) {
        self.maxServersPerUser = maxServersPerUser
        self.maxOwnedServersPerUser = maxOwnedServersPerUser
        self.maxChannelsPerServer = maxChannelsPerServer
        self.maxRolesPerServer = maxRolesPerServer
        self.maxInvitesPerServer = maxInvitesPerServer
    }
}
