import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLCommunityStore {
    /// See ``CommunityStore/createInvite(_:maxInvites:)``.
    public func createInvite(_ invite: CommunityInvite, maxInvites: Int) async throws {
        try await refusable { (db: any SQLDatabase) async throws -> Result<Void, CommunityError> in
            try await lockServer(invite.serverID, on: db)
            let count = try Column.count(try await db.raw("""
                SELECT COUNT(*) AS n FROM communities_invites
                WHERE server_id = \(bind: invite.serverID.rawValue) AND revoked = 0
                """).first())
            guard count < maxInvites else {
                return .failure(CommunityError(.limitReached, "This server already has \(maxInvites) invites."))
            }
            try await db.raw("""
                INSERT INTO communities_invites (code, server_id, creator_id, created_at, expires_at, max_uses, uses, revoked)
                VALUES (\(bind: invite.code), \(bind: invite.serverID.rawValue), \(bind: invite.creatorID.rawValue),
                        \(bind: Column.millis(invite.createdAt)), \(bind: invite.expiresAt.map(Column.millis)),
                        \(bind: invite.maxUses.map { Int64($0) }), \(bind: Int64(invite.uses)),
                        \(bind: Int64(invite.revoked ? 1 : 0)))
                """).run()
            return .success(())
        }
    }

    /// See ``CommunityStore/invite(code:)``.
    public func invite(code: String) async throws -> CommunityInvite? {
        try await sql.raw("SELECT * FROM communities_invites WHERE code = \(bind: code)").first().map(Column.invite)
    }

    /// See ``CommunityStore/invites(server:)``.
    public func invites(server: Snowflake) async throws -> [CommunityInvite] {
        try await sql.raw("""
            SELECT * FROM communities_invites WHERE server_id = \(bind: server.rawValue) ORDER BY created_at DESC, code
            """).all().map(Column.invite)
    }

    /// See ``CommunityStore/revokeInvite(code:)``.
    public func revokeInvite(code: String) async throws -> Bool {
        try await transaction { db in
            try await db.raw("UPDATE communities_invites SET revoked = 1 WHERE code = \(bind: code) RETURNING code")
                .first() != nil
        }
    }
}
