import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLCommunityStore {
    /// See ``CommunityStore/member(server:user:)``.
    public func member(server: Snowflake, user: UserID) async throws -> CommunityMember? {
        guard let row = try await sql.raw("""
            SELECT joined_at FROM communities_members
            WHERE server_id = \(bind: server.rawValue) AND user_id = \(bind: user.rawValue)
            """).first() else { return nil }
        let roleRows = try await sql.raw("""
            SELECT role_id FROM communities_member_roles
            WHERE server_id = \(bind: server.rawValue) AND user_id = \(bind: user.rawValue)
            """).all()
        let roles = Set(try roleRows.map { Snowflake(rawValue: try $0.decode(column: "role_id", as: Int64.self)) })
        return CommunityMember(serverID: server, userID: user, roleIDs: roles,
                               joinedAt: Column.date(try row.decode(column: "joined_at", as: Int64.self)))
    }

    /// See ``CommunityStore/members(server:after:limit:)``.
    public func members(server: Snowflake, after: UserID?, limit: Int) async throws -> [CommunityMember] {
        let rows = try await sql.raw("""
            SELECT user_id, joined_at FROM communities_members
            WHERE server_id = \(bind: server.rawValue) AND user_id > \(bind: after?.rawValue ?? Int64.min)
            ORDER BY user_id LIMIT \(bind: Int64(max(0, limit)))
            """).all()
        var members = try rows.map { row in
            CommunityMember(serverID: server, userID: Snowflake(rawValue: try row.decode(column: "user_id", as: Int64.self)),
                            roleIDs: [], joinedAt: Column.date(try row.decode(column: "joined_at", as: Int64.self)))
        }
        guard let first = members.first, let last = members.last else { return [] }
        let assignments = try await sql.raw("""
            SELECT user_id, role_id FROM communities_member_roles
            WHERE server_id = \(bind: server.rawValue)
              AND user_id >= \(bind: first.userID.rawValue) AND user_id <= \(bind: last.userID.rawValue)
            """).all()
        var rolesByUser: [Int64: Set<Snowflake>] = [:]
        for row in assignments {
            let user = try row.decode(column: "user_id", as: Int64.self)
            rolesByUser[user, default: []].insert(Snowflake(rawValue: try row.decode(column: "role_id", as: Int64.self)))
        }
        for index in members.indices { members[index].roleIDs = rolesByUser[members[index].userID.rawValue] ?? [] }
        return members
    }

    /// See ``CommunityStore/addMember(_:)``.
    public func addMember(_ request: MembershipRequest) async throws -> CommunityMember {
        try await refusable { (db: any SQLDatabase) async throws -> Result<CommunityMember, CommunityError> in
            let server = request.serverID.rawValue, user = request.userID.rawValue
            try await lockUser(request.userID, on: db)
            guard try await db.raw("SELECT id FROM communities_servers WHERE id = \(bind: server)").first() != nil else {
                return .failure(.notFound("Server"))
            }
            if try await db.raw("""
                SELECT user_id FROM communities_bans WHERE server_id = \(bind: server) AND user_id = \(bind: user)
                """).first() != nil {
                return .failure(.forbidden("You are banned from this server."))
            }
            if try await db.raw("""
                SELECT user_id FROM communities_members WHERE server_id = \(bind: server) AND user_id = \(bind: user)
                """).first() != nil {
                return .failure(CommunityError(.conflict, "You are already a member of this server."))
            }
            let memberships = try Column.count(try await db.raw(
                "SELECT COUNT(*) AS n FROM communities_members WHERE user_id = \(bind: user)").first())
            guard memberships < request.maxServersPerUser else {
                return .failure(CommunityError(.limitReached, "You already belong to \(request.maxServersPerUser) servers."))
            }
            if let code = request.inviteCode {
                let now = Column.millis(request.joinedAt)
                let used = try await db.raw("""
                    UPDATE communities_invites SET uses = uses + 1
                    WHERE code = \(bind: code) AND server_id = \(bind: server) AND revoked = 0
                      AND (expires_at IS NULL OR expires_at > \(bind: now))
                      AND (max_uses IS NULL OR uses < max_uses)
                    RETURNING uses
                    """).first()
                guard used != nil else { return .failure(.notFound("Invite")) }
            }
            try await db.raw("""
                INSERT INTO communities_members (server_id, user_id, joined_at)
                VALUES (\(bind: server), \(bind: user), \(bind: Column.millis(request.joinedAt)))
                """).run()
            return .success(CommunityMember(serverID: request.serverID, userID: request.userID, roleIDs: [],
                                            joinedAt: request.joinedAt))
        }
    }

    /// See ``CommunityStore/removeMember(server:user:)``.
    public func removeMember(server: Snowflake, user: UserID) async throws -> Bool {
        try await transaction { db in
            let row = try await db.raw("""
                DELETE FROM communities_members WHERE server_id = \(bind: server.rawValue) AND user_id = \(bind: user.rawValue)
                RETURNING user_id
                """).first()
            return row != nil
        }
    }

    /// See ``CommunityStore/ban(_:)``.
    public func ban(_ ban: CommunityBan) async throws {
        try await transaction { db in
            try await db.raw("""
                INSERT INTO communities_bans (server_id, user_id, banned_by, reason, created_at)
                VALUES (\(bind: ban.serverID.rawValue), \(bind: ban.userID.rawValue), \(bind: ban.bannedBy.rawValue),
                        \(bind: ban.reason), \(bind: Column.millis(ban.createdAt)))
                ON CONFLICT (server_id, user_id) DO UPDATE SET banned_by = excluded.banned_by,
                    reason = excluded.reason, created_at = excluded.created_at
                """).run()
            try await db.raw("""
                DELETE FROM communities_members
                WHERE server_id = \(bind: ban.serverID.rawValue) AND user_id = \(bind: ban.userID.rawValue)
                """).run()
        }
    }

    /// See ``CommunityStore/unban(server:user:)``.
    public func unban(server: Snowflake, user: UserID) async throws -> Bool {
        try await transaction { db in
            try await db.raw("""
                DELETE FROM communities_bans WHERE server_id = \(bind: server.rawValue) AND user_id = \(bind: user.rawValue)
                RETURNING user_id
                """).first() != nil
        }
    }

    /// See ``CommunityStore/bans(server:)``.
    public func bans(server: Snowflake) async throws -> [CommunityBan] {
        try await sql.raw("SELECT * FROM communities_bans WHERE server_id = \(bind: server.rawValue) ORDER BY user_id")
            .all().map(Column.ban)
    }
}
