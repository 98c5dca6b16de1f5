import BeepPermissions
import BeepPlatformCore

/// A server's state as far as its events go: the server, roles, members, channels and who can
/// see each channel. Taken before and after a change; ``CommunityDiff`` turns the pair into events.
public struct CommunitySnapshot: Sendable, Hashable {
    /// The server.
    public var server: CommunityServer
    /// Its roles, by id.
    public var roles: [Snowflake: CommunityRole]
    /// Its members, by user id.
    public var members: [UserID: CommunityMember]
    /// Its channels, by id.
    public var channels: [Snowflake: CommunityChannel]
    /// For each channel, the members holding VIEW_CHANNEL in it.
    public var viewers: [Snowflake: Set<UserID>]

    /// A snapshot from its parts; `viewers` is computed with ``PermissionResolver``.
    public init(server: CommunityServer, roles: [CommunityRole], members: [CommunityMember], channels: [CommunityChannel]) {
        self.server = server
        self.roles = Dictionary(roles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.members = Dictionary(members.map { ($0.userID, $0) }, uniquingKeysWith: { first, _ in first })
        self.channels = Dictionary(channels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let scope = PermissionServer(server: server, roles: roles)
        var viewers: [Snowflake: Set<UserID>] = [:]
        for channel in channels {
            let permissionChannel = channel.permissionChannel
            viewers[channel.id] = Set(members.filter { member in
                PermissionResolver.effectivePermissions(of: member.permissionMember, in: scope, channel: permissionChannel)
                    .contains(.viewChannel)
            }.map(\.userID))
        }
        self.viewers = viewers
    }

    /// Every member's user id.
    public var memberIDs: Set<UserID> { Set(members.keys) }
}

extension CommunityStore {
    /// The server's snapshot now, or nil when it does not exist.
    public func snapshot(server id: Snowflake) async throws -> CommunitySnapshot? {
        guard let server = try await server(id) else { return nil }
        return CommunitySnapshot(server: server, roles: try await roles(server: id), members: try await allMembers(server: id),
                                 channels: try await channels(server: id))
    }

    /// Every member of the server, read 500 at a time.
    public func allMembers(server id: Snowflake) async throws -> [CommunityMember] {
        var members: [CommunityMember] = []
        var after: UserID?
        while true {
            let page = try await self.members(server: id, after: after, limit: 500)
            members += page
            guard page.count == 500, let last = page.last else { return members }
            after = last.userID
        }
    }
}
