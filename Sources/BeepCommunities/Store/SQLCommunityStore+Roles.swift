import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLCommunityStore {
    func insertRole(_ role: CommunityRole, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO communities_roles (id, server_id, name, colour, sort_position, permissions)
            VALUES (\(bind: role.id.rawValue), \(bind: role.serverID.rawValue), \(bind: role.name),
                    \(bind: Int64(role.colour)), \(bind: Int64(role.position)), \(bind: Column.bits(role.permissions)))
            """).run()
    }

    /// See ``CommunityStore/roles(server:)``.
    public func roles(server: Snowflake) async throws -> [CommunityRole] {
        try await sql.raw("""
            SELECT * FROM communities_roles WHERE server_id = \(bind: server.rawValue) ORDER BY sort_position, id
            """).all().map(Column.role)
    }

    /// See ``CommunityStore/createRole(_:maxRoles:)``.
    public func createRole(_ role: CommunityRole, maxRoles: Int) async throws {
        try await refusable { (db: any SQLDatabase) async throws -> Result<Void, CommunityError> in
            let server = role.serverID.rawValue
            try await lockServer(role.serverID, on: db)
            let count = try Column.count(try await db.raw("""
                SELECT COUNT(*) AS n FROM communities_roles WHERE server_id = \(bind: server) AND id <> \(bind: server)
                """).first())
            guard count < maxRoles else {
                return .failure(CommunityError(.limitReached, "This server already has \(maxRoles) roles."))
            }
            try await db.raw("""
                UPDATE communities_roles SET sort_position = sort_position + 1
                WHERE server_id = \(bind: server) AND id <> \(bind: server) AND sort_position >= \(bind: Int64(role.position))
                """).run()
            try await insertRole(role, on: db)
            return .success(())
        }
    }

    /// See ``CommunityStore/updateRole(_:)``.
    public func updateRole(_ role: CommunityRole) async throws {
        try await sql.raw("""
            UPDATE communities_roles SET name = \(bind: role.name), colour = \(bind: Int64(role.colour)),
                permissions = \(bind: Column.bits(role.permissions))
            WHERE id = \(bind: role.id.rawValue) AND server_id = \(bind: role.serverID.rawValue)
            """).run()
    }

    /// See ``CommunityStore/setRolePositions(server:_:)``.
    public func setRolePositions(server: Snowflake, _ positions: [Snowflake: Int]) async throws {
        guard !positions.isEmpty else { return }
        try await transaction { db in
            for (role, position) in positions.sorted(by: { $0.key < $1.key }) {
                try await db.raw("""
                    UPDATE communities_roles SET sort_position = \(bind: Int64(position))
                    WHERE id = \(bind: role.rawValue) AND server_id = \(bind: server.rawValue) AND id <> \(bind: server.rawValue)
                    """).run()
            }
        }
    }

    /// See ``CommunityStore/deleteRole(server:role:)``.
    public func deleteRole(server: Snowflake, role: Snowflake) async throws {
        try await transaction { db in
            try await db.raw("""
                DELETE FROM communities_overwrites WHERE target_kind = 'role' AND target_id = \(bind: role.rawValue)
                  AND channel_id IN (SELECT id FROM communities_channels WHERE server_id = \(bind: server.rawValue))
                """).run()
            try await db.raw("""
                DELETE FROM communities_roles
                WHERE id = \(bind: role.rawValue) AND server_id = \(bind: server.rawValue) AND id <> \(bind: server.rawValue)
                """).run()
        }
    }

    /// See ``CommunityStore/assignRole(server:user:role:)``.
    public func assignRole(server: Snowflake, user: UserID, role: Snowflake) async throws {
        try await sql.raw("""
            INSERT INTO communities_member_roles (server_id, user_id, role_id)
            VALUES (\(bind: server.rawValue), \(bind: user.rawValue), \(bind: role.rawValue))
            ON CONFLICT (server_id, user_id, role_id) DO NOTHING
            """).run()
    }

    /// See ``CommunityStore/unassignRole(server:user:role:)``.
    public func unassignRole(server: Snowflake, user: UserID, role: Snowflake) async throws -> Bool {
        try await transaction { db in
            try await db.raw("""
                DELETE FROM communities_member_roles
                WHERE server_id = \(bind: server.rawValue) AND user_id = \(bind: user.rawValue) AND role_id = \(bind: role.rawValue)
                RETURNING role_id
                """).first() != nil
        }
    }
}
