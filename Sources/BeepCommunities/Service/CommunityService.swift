import BeepPermissions
import BeepPlatformCore
import Foundation

/// The communities service: servers, channels, roles, members, invites and bans.
///
/// Every operation takes the acting user first and checks what they may do through
/// ``PermissionResolver`` (BeepPermissions) before touching the store. Objects the actor may
/// not see answer `.notFound` (never `.forbidden`), so nothing leaks about private servers or
/// hidden channels.
public struct CommunityService: Sendable {
    /// Where the data lives.
    public let store: any CommunityStore
    /// The caps in force.
    public let limits: CommunityLimits
    let ids: SnowflakeGenerator
    let clock: @Sendable () -> Date
    let publish: (@Sendable (CommunityEvent) async -> Void)?

    /// A service on `store`. `clock` gives "now" (tests pass a fixed or advancing one);
    /// `publish`, when given, receives every ``CommunityEvent`` after its change is committed
    /// (docs/events.md, "Community events").
    public init(store: any CommunityStore, limits: CommunityLimits = CommunityLimits(),
                ids: SnowflakeGenerator = SnowflakeGenerator(), clock: @escaping @Sendable () -> Date = { Date() },
                publish: (@Sendable (CommunityEvent) async -> Void)? = nil) {
        self.store = store
        self.limits = limits
        self.ids = ids
        self.clock = clock
        self.publish = publish
    }

    /// What the actor may see and do in a server: loaded once per operation.
    struct Access {
        let server: CommunityServer
        let roles: [CommunityRole]
        let member: CommunityMember

        var permissionServer: PermissionServer { PermissionServer(server: server, roles: roles) }

        var actor: PermissionMember { member.permissionMember }
        var isOwner: Bool { member.userID == server.ownerID }

        func permissions(in channel: CommunityChannel? = nil) -> Permissions {
            PermissionResolver.effectivePermissions(of: actor, in: permissionServer, channel: channel?.permissionChannel)
        }

        func require(_ needed: Permissions, in channel: CommunityChannel? = nil) throws(CommunityError) {
            guard permissions(in: channel).isSuperset(of: needed) else { throw .forbidden() }
        }

        func role(_ id: Snowflake) throws(CommunityError) -> CommunityRole {
            guard let role = roles.first(where: { $0.id == id }) else { throw .notFound("Role") }
            return role
        }
    }

    /// The actor's access to `serverID`: `.notFound` when the server does not exist or is
    /// private and the actor is not a member; `.forbidden` for a public server they have not joined.
    func loadAccess(_ serverID: Snowflake, actor: UserID) async throws -> Access {
        guard let server = try await store.server(serverID) else { throw CommunityError.notFound("Server") }
        guard let member = try await store.member(server: serverID, user: actor) else {
            if server.visibility == .public { throw CommunityError.forbidden("Join this server first.") }
            throw CommunityError.notFound("Server")
        }
        return Access(server: server, roles: try await store.roles(server: serverID), member: member)
    }

    /// The actor's access to the server of `channelID` and the channel, `.notFound` unless the
    /// actor holds VIEW_CHANNEL in it.
    func loadAccess(channel channelID: Snowflake, actor: UserID) async throws -> (Access, CommunityChannel) {
        guard let channel = try await store.channel(channelID) else { throw CommunityError.notFound("Channel") }
        let access: Access
        do {
            access = try await self.loadAccess(channel.serverID, actor: actor)
        } catch let error as CommunityError where error.code == .forbidden {
            throw CommunityError.notFound("Channel")
        } catch let error as CommunityError where error.code == .notFound(what: "Server") {
            throw CommunityError.notFound("Channel")
        }
        guard access.permissions(in: channel).contains(.viewChannel) else { throw CommunityError.notFound("Channel") }
        return (access, channel)
    }

    /// A page size forced into 1...101 (routes fetch one more than they show to know whether
    /// another page exists); 50 when none is given.
    static func pageSize(_ limit: Int?) -> Int {
        min(max(limit ?? 50, 1), 101)
    }
}
