import BeepPermissions
import BeepPlatformCore
import Foundation

/// A request to add a user to a server, checked atomically by the store.
public struct MembershipRequest: Sendable, Hashable {
    /// The server to join.
    public var serverID: Snowflake
    /// The user joining.
    public var userID: UserID
    /// When.
    public var joinedAt: Date
    /// The invite used (its use count goes up by one), `nil` for a public server.
    public var inviteCode: String?
    /// The most servers the user may belong to.
    public var maxServersPerUser: Int

    /// A request from its parts.
    public init(serverID: Snowflake, userID: UserID, joinedAt: Date, inviteCode: String?, maxServersPerUser: Int) {
        self.serverID = serverID
        self.userID = userID
        self.joinedAt = joinedAt
        self.inviteCode = inviteCode
        self.maxServersPerUser = maxServersPerUser
    }
}

/// The communities service's storage: servers, members, roles, channels, overwrites, invites
/// and bans. Methods that check a cap or a use count do it atomically with their write.
/// Methods throw ``CommunityError`` for domain refusals and `StorageError` for storage failures.
public protocol CommunityStore: Sendable {
    // MARK: Changes with their events
    /// Runs `body` on a store bound to one transaction and commits them together with the events
    /// of what changed in `server` (``CommunityDiff`` of the snapshots taken inside that
    /// transaction before and after `body`; gone members leave by `removal`). The store's
    /// ``CommunityEventRecorder``, if any, writes the events in the same transaction, so they
    /// exist if and only if the change committed. When `body` throws, nothing is written.
    /// Events are computed when `events` is true or the store has a recorder.
    func change<T: Sendable>(server: Snowflake, removal: MemberRemoval, events: Bool,
                             _ body: @escaping @Sendable (any CommunityStore) async throws -> T)
        async throws -> CommunityChange<T>

    // MARK: Servers
    /// Stores a new server with its @everyone role, its first channels and its owner as member.
    /// Throws `.limitReached` when the owner already belongs to `limits.maxServersPerUser`
    /// servers or owns `limits.maxOwnedServersPerUser`.
    func createServer(_ server: CommunityServer, everyone: CommunityRole, channels: [CommunityChannel],
                      limits: CommunityLimits) async throws
    /// The server, or nil.
    func server(_ id: Snowflake) async throws -> CommunityServer?
    /// Replaces the server's editable fields (name, description, picture, banner, visibility;
    /// never the owner).
    func updateServer(_ server: CommunityServer) async throws
    /// Makes `newOwner` the owner if `currentOwner` still owns the server and `newOwner` is a
    /// member, atomically. Returns whether it did.
    func transferOwnership(server: Snowflake, from currentOwner: UserID, to newOwner: UserID) async throws -> Bool
    /// Deletes the server and everything in it.
    func deleteServer(_ id: Snowflake) async throws
    /// Public servers whose name or description contains `query` (case-insensitive), by id,
    /// after `after`, at most `limit`.
    func searchPublicServers(query: String, after: Snowflake?, limit: Int) async throws -> [CommunityServer]
    /// The servers `user` belongs to, by id.
    func servers(of user: UserID) async throws -> [CommunityServer]

    // MARK: Members and bans
    /// The membership, or nil.
    func member(server: Snowflake, user: UserID) async throws -> CommunityMember?
    /// Members by user id after `after`, at most `limit`.
    func members(server: Snowflake, after: UserID?, limit: Int) async throws -> [CommunityMember]
    /// Adds a member atomically: refuses (`.forbidden`) a banned user, (`.conflict`) a member,
    /// (`.limitReached`) a user at their cap, and (`.notFound`) an unusable invite.
    func addMember(_ request: MembershipRequest) async throws -> CommunityMember
    /// Removes a member (their role assignments go with them). Returns whether they were one.
    func removeMember(server: Snowflake, user: UserID) async throws -> Bool
    /// Records a ban and removes the membership, in one transaction.
    func ban(_ ban: CommunityBan) async throws
    /// Lifts a ban. Returns whether there was one.
    func unban(server: Snowflake, user: UserID) async throws -> Bool
    /// The server's bans, by user id.
    func bans(server: Snowflake) async throws -> [CommunityBan]

    // MARK: Roles
    /// The server's roles, @everyone included, by position.
    func roles(server: Snowflake) async throws -> [CommunityRole]
    /// Stores a new role; roles at or above its position move up by one. Throws `.limitReached`
    /// past `maxRoles` (not counting @everyone).
    func createRole(_ role: CommunityRole, maxRoles: Int) async throws
    /// Replaces a role's name, colour and permissions.
    func updateRole(_ role: CommunityRole) async throws
    /// Sets several roles' positions in one transaction.
    func setRolePositions(server: Snowflake, _ positions: [Snowflake: Int]) async throws
    /// Deletes a role, its assignments and the overwrites that target it.
    func deleteRole(server: Snowflake, role: Snowflake) async throws
    /// Gives a member a role (idempotent).
    func assignRole(server: Snowflake, user: UserID, role: Snowflake) async throws
    /// Takes a role from a member. Returns whether they held it.
    func unassignRole(server: Snowflake, user: UserID, role: Snowflake) async throws -> Bool

    // MARK: Channels
    /// The server's channels with their overwrites (any order).
    func channels(server: Snowflake) async throws -> [CommunityChannel]
    /// The channel with its overwrites, or nil.
    func channel(_ id: Snowflake) async throws -> CommunityChannel?
    /// Stores a new channel. Throws `.limitReached` past `maxChannels` in its server.
    func createChannel(_ channel: CommunityChannel, maxChannels: Int) async throws
    /// Replaces a channel's name and topic.
    func updateChannel(_ channel: CommunityChannel) async throws
    /// Sets several channels' folder and position in one transaction.
    func setChannelPlacements(server: Snowflake, _ placements: [ChannelPlacement]) async throws
    /// Deletes a channel; a folder's channels go with it.
    func deleteChannel(_ id: Snowflake) async throws
    /// Creates or replaces the channel's overwrite for the overwrite's target.
    func setOverwrite(channel: Snowflake, _ overwrite: PermissionOverwrite) async throws
    /// Removes the channel's overwrite for `target`. Returns whether there was one.
    func deleteOverwrite(channel: Snowflake, target: PermissionOverwrite.Target) async throws -> Bool

    // MARK: Invites
    /// Stores a new invite. Throws `.limitReached` past `maxInvites` unrevoked invites.
    func createInvite(_ invite: CommunityInvite, maxInvites: Int) async throws
    /// The invite, or nil.
    func invite(code: String) async throws -> CommunityInvite?
    /// The server's invites, newest first.
    func invites(server: Snowflake) async throws -> [CommunityInvite]
    /// Revokes an invite. Returns whether it existed.
    func revokeInvite(code: String) async throws -> Bool
}
