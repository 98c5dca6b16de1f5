import BeepPermissions
import BeepPlatformCore
import Foundation

extension CommunityService {
    /// Longest invite lifetime: 30 days.
    public static let maxInviteAge: TimeInterval = 30 * 24 * 3600
    /// Largest use limit of an invite.
    public static let maxInviteUses = 1000

    /// Creates an invite: any member of a public server; CREATE_INVITE in a private one.
    /// `maxAge` in seconds (nil or 0: never expires), `maxUses` (nil or 0: unlimited).
    public func createInvite(actor: UserID, server id: Snowflake, maxAge: Int? = nil, maxUses: Int? = nil)
        async throws -> CommunityInvite
    {
        let access = try await loadAccess(id, actor: actor)
        if access.server.visibility == .private { try access.require(.createInvite) }
        if let maxAge, !(0...Int(Self.maxInviteAge)).contains(maxAge) {
            throw CommunityError.invalid("maxAge", "maxAge must be between 0 and \(Int(Self.maxInviteAge)) seconds.")
        }
        if let maxUses, !(0...Self.maxInviteUses).contains(maxUses) {
            throw CommunityError.invalid("maxUses", "maxUses must be between 0 and \(Self.maxInviteUses).")
        }
        let now = clock()
        let invite = CommunityInvite(
            code: InviteCode.generate(), serverID: id, creatorID: actor, createdAt: now,
            expiresAt: maxAge.flatMap { $0 > 0 ? now.addingTimeInterval(TimeInterval($0)) : nil },
            maxUses: maxUses.flatMap { $0 > 0 ? $0 : nil }, uses: 0, revoked: false)
        try await store.createInvite(invite, maxInvites: limits.maxInvitesPerServer)
        return invite
    }

    /// The invite and the server it opens, while it is usable (anyone holding the code may look).
    public func invite(code: String) async throws -> (CommunityInvite, CommunityServer) {
        guard InviteCode.isWellFormed(code), let invite = try await store.invite(code: code), invite.isUsable(at: clock()),
              let server = try await store.server(invite.serverID) else {
            throw CommunityError.notFound("Invite")
        }
        return (invite, server)
    }

    /// Joins the server an invite opens (bans, the cap, expiry and use count are checked atomically).
    public func acceptInvite(actor: UserID, code: String) async throws -> CommunityServer {
        let (invite, server) = try await self.invite(code: code)
        let request = MembershipRequest(serverID: invite.serverID, userID: actor, joinedAt: clock(),
                                        inviteCode: code, maxServersPerUser: limits.maxServersPerUser)
        _ = try await changing(invite.serverID) { try await $0.addMember(request) }
        return server
    }

    /// The server's invites (MANAGE_SERVER).
    public func invites(actor: UserID, server id: Snowflake) async throws -> [CommunityInvite] {
        let access = try await loadAccess(id, actor: actor)
        try access.require(.manageServer)
        return try await store.invites(server: id)
    }

    /// Revokes an invite: its creator, or a member with MANAGE_SERVER.
    public func revokeInvite(actor: UserID, code: String) async throws {
        guard InviteCode.isWellFormed(code), let invite = try await store.invite(code: code) else {
            throw CommunityError.notFound("Invite")
        }
        let access: Access
        do {
            access = try await self.loadAccess(invite.serverID, actor: actor)
        } catch is CommunityError {
            throw CommunityError.notFound("Invite")
        }
        if invite.creatorID != actor { try access.require(.manageServer) }
        _ = try await store.revokeInvite(code: code)
    }
}
