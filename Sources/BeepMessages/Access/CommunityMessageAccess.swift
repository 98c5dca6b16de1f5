import BeepCommunities
import BeepPermissions
import BeepPlatformCore

/// ``MessageAccess`` answered from the communities service's store, with the same rules as
/// `CommunityService` (a channel is visible to a member of its server holding VIEW_CHANNEL in
/// it, after overwrites and implicit rules), plus a ``UsernameDirectory`` for usernames.
public struct CommunityMessageAccess: MessageAccess {
    private let store: any CommunityStore
    private let directory: any UsernameDirectory

    /// Access over the communities service's store and a username directory.
    public init(communities: CommunityService, usernames: any UsernameDirectory) {
        self.store = communities.store
        self.directory = usernames
    }

    /// `user`'s access to `channel`; `.notFound` unless they are a member holding VIEW_CHANNEL.
    public func access(user: UserID, channel: Snowflake) async throws -> ChannelAccess {
        guard let found = try await store.channel(channel),
              let scope = try await serverScope(found.serverID),
              let member = try await store.member(server: found.serverID, user: user) else {
            throw MessageError.notFound("Channel")
        }
        let permissions = PermissionResolver.effectivePermissions(of: member.permissionMember, in: scope,
                                                                  channel: found.permissionChannel)
        guard permissions.contains(.viewChannel) else { throw MessageError.notFound("Channel") }
        return Self.access(found, permissions)
    }

    /// The channels of `server` that `user` can see.
    public func visibleChannels(user: UserID, server: Snowflake) async throws -> [ChannelAccess] {
        guard let scope = try await serverScope(server),
              let member = try await store.member(server: server, user: user) else { return [] }
        return try await store.channels(server: server).compactMap { channel in
            let permissions = PermissionResolver.effectivePermissions(of: member.permissionMember, in: scope,
                                                                      channel: channel.permissionChannel)
            return permissions.contains(.viewChannel) ? Self.access(channel, permissions) : nil
        }
    }

    /// Every member of the channel's server holding VIEW_CHANNEL in it. Asked on every message
    /// sent, so it reads the members grouped by the roles they hold (one row per distinct set)
    /// and resolves the channel once per group; the owner and members with an overwrite of their
    /// own in the channel, whose answer may differ from their group's, are resolved one by one.
    public func viewers(channel: Snowflake) async throws -> Set<UserID> {
        guard let found = try await store.channel(channel), let scope = try await serverScope(found.serverID) else {
            return []
        }
        let permissionChannel = found.permissionChannel
        var ownAnswer: Set<MemberID> = [scope.owner]
        for overwrite in found.overwrites {
            if case .member(let member) = overwrite.target { ownAnswer.insert(member) }
        }
        func canView(_ user: UserID, _ roles: Set<RoleID>) -> Bool {
            PermissionResolver.effectivePermissions(of: PermissionMember(id: MemberID(user), roles: roles), in: scope,
                                                    channel: permissionChannel).contains(.viewChannel)
        }
        var viewers = Set<UserID>()
        for group in try await store.memberRoleGroups(server: found.serverID) {
            let roles = Set(group.roleIDs.map { RoleID($0) })
            var groupAnswer: Bool?
            for user in group.userIDs {
                let sees: Bool
                if ownAnswer.contains(MemberID(user)) {
                    sees = canView(user, roles)
                } else {
                    let answer = groupAnswer ?? canView(user, roles)
                    groupAnswer = answer
                    sees = answer
                }
                if sees { viewers.insert(user) }
            }
        }
        return viewers
    }

    /// Usernames through the directory.
    public func userIDs(usernames: [String]) async throws -> [String: UserID] {
        try await directory.userIDs(usernames: usernames)
    }

    private func serverScope(_ id: Snowflake) async throws -> PermissionServer? {
        guard let server = try await store.server(id) else { return nil }
        return PermissionServer(server: server, roles: try await store.roles(server: id))
    }

    private static func access(_ channel: CommunityChannel, _ permissions: Permissions) -> ChannelAccess {
        ChannelAccess(channelID: channel.id, serverID: channel.serverID, kind: channel.kind, name: channel.name,
                      permissions: permissions)
    }
}
