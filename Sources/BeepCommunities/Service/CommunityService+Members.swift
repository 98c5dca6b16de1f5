import BeepPermissions
import BeepPlatformCore
import Foundation

extension CommunityService {
    /// The server's members by user id after `after` (any member may list them).
    public func members(actor: UserID, server id: Snowflake, after: UserID? = nil, limit: Int? = nil)
        async throws -> [CommunityMember]
    {
        _ = try await loadAccess(id, actor: actor)
        return try await store.members(server: id, after: after, limit: Self.pageSize(limit))
    }

    /// One member of the server.
    public func member(actor: UserID, server id: Snowflake, user: UserID) async throws -> CommunityMember {
        _ = try await loadAccess(id, actor: actor)
        guard let member = try await store.member(server: id, user: user) else { throw CommunityError.notFound("Member") }
        return member
    }

    /// Removes `target` from the server: KICK_MEMBERS and a highest role strictly above theirs.
    public func kick(actor: UserID, server id: Snowflake, target: UserID) async throws {
        let access = try await loadAccess(id, actor: actor)
        try access.require(.kickMembers)
        guard let member = try await store.member(server: id, user: target) else { throw CommunityError.notFound("Member") }
        guard access.permissionServer.canModerate(access.actor, member.permissionMember, with: .kickMembers) else {
            throw CommunityError.forbidden("You can only kick members below your highest role.")
        }
        _ = try await changing(id, removal: .kicked) { try await $0.removeMember(server: id, user: target) }
    }

    /// Bans `target` (removing them if a member; they cannot rejoin until unbanned):
    /// BAN_MEMBERS, and a highest role strictly above a member target's.
    public func ban(actor: UserID, server id: Snowflake, target: UserID, reason: String = "") async throws -> CommunityBan {
        let access = try await loadAccess(id, actor: actor)
        try access.require(.banMembers)
        let reason = try CommunityValidation.text(reason, field: "reason", limit: CommunityValidation.maxReasonLength)
        guard target != access.server.ownerID, target != actor else {
            throw CommunityError.forbidden("You cannot ban this user.")
        }
        if let member = try await store.member(server: id, user: target),
           !access.permissionServer.canModerate(access.actor, member.permissionMember, with: .banMembers) {
            throw CommunityError.forbidden("You can only ban members below your highest role.")
        }
        let ban = CommunityBan(serverID: id, userID: target, bannedBy: actor, reason: reason, createdAt: clock())
        try await changing(id, removal: .banned) { try await $0.ban(ban) }
        return ban
    }

    /// Lifts a ban (BAN_MEMBERS).
    public func unban(actor: UserID, server id: Snowflake, target: UserID) async throws {
        let access = try await loadAccess(id, actor: actor)
        try access.require(.banMembers)
        guard try await store.unban(server: id, user: target) else { throw CommunityError.notFound("Ban") }
    }

    /// The server's bans (BAN_MEMBERS).
    public func bans(actor: UserID, server id: Snowflake) async throws -> [CommunityBan] {
        let access = try await loadAccess(id, actor: actor)
        try access.require(.banMembers)
        return try await store.bans(server: id)
    }
}
