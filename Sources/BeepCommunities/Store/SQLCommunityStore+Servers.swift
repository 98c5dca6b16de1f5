import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLCommunityStore {
    /// See ``CommunityStore/createServer(_:everyone:channels:limits:)``.
    public func createServer(_ server: CommunityServer, everyone: CommunityRole, channels: [CommunityChannel],
                             limits: CommunityLimits) async throws {
        try await refusable { (db: any SQLDatabase) async throws -> Result<Void, CommunityError> in
            try await lockUser(server.ownerID, on: db)
            let memberships = try Column.count(try await db.raw(
                "SELECT COUNT(*) AS n FROM communities_members WHERE user_id = \(bind: server.ownerID.rawValue)").first())
            let owned = try Column.count(try await db.raw(
                "SELECT COUNT(*) AS n FROM communities_servers WHERE owner_id = \(bind: server.ownerID.rawValue)").first())
            guard memberships < limits.maxServersPerUser else {
                return .failure(CommunityError(.limitReached, "You already belong to \(limits.maxServersPerUser) servers."))
            }
            guard owned < limits.maxOwnedServersPerUser else {
                return .failure(CommunityError(.limitReached, "You already own \(limits.maxOwnedServersPerUser) servers."))
            }
            try await db.raw("""
                INSERT INTO communities_servers
                    (id, owner_id, name, description, picture_id, banner_id, visibility, search_text, created_at)
                VALUES (\(bind: server.id.rawValue), \(bind: server.ownerID.rawValue), \(bind: server.name),
                        \(bind: server.description), \(bind: server.pictureID?.rawValue), \(bind: server.bannerID?.rawValue),
                        \(bind: server.visibility.rawValue),
                        \(bind: Column.searchText(name: server.name, description: server.description)),
                        \(bind: Column.millis(server.createdAt)))
                """).run()
            try await insertRole(everyone, on: db)
            try await db.raw("""
                INSERT INTO communities_members (server_id, user_id, joined_at)
                VALUES (\(bind: server.id.rawValue), \(bind: server.ownerID.rawValue), \(bind: Column.millis(server.createdAt)))
                """).run()
            for channel in channels { try await insertChannel(channel, on: db) }
            return .success(())
        }
    }

    /// See ``CommunityStore/server(_:)``.
    public func server(_ id: Snowflake) async throws -> CommunityServer? {
        try await sql.raw("SELECT * FROM communities_servers WHERE id = \(bind: id.rawValue)").first().map(Column.server)
    }

    /// See ``CommunityStore/updateServer(_:)``.
    public func updateServer(_ server: CommunityServer) async throws {
        try await sql.raw("""
            UPDATE communities_servers SET name = \(bind: server.name),
                description = \(bind: server.description), picture_id = \(bind: server.pictureID?.rawValue),
                banner_id = \(bind: server.bannerID?.rawValue), visibility = \(bind: server.visibility.rawValue),
                search_text = \(bind: Column.searchText(name: server.name, description: server.description))
            WHERE id = \(bind: server.id.rawValue)
            """).run()
    }

    /// See ``CommunityStore/transferOwnership(server:from:to:)``.
    public func transferOwnership(server: Snowflake, from currentOwner: UserID, to newOwner: UserID) async throws -> Bool {
        try await transaction { db in
            try await db.raw("""
                UPDATE communities_servers SET owner_id = \(bind: newOwner.rawValue)
                WHERE id = \(bind: server.rawValue) AND owner_id = \(bind: currentOwner.rawValue)
                  AND EXISTS (SELECT 1 FROM communities_members
                              WHERE server_id = \(bind: server.rawValue) AND user_id = \(bind: newOwner.rawValue))
                RETURNING id
                """).first() != nil
        }
    }

    /// See ``CommunityStore/deleteServer(_:)``.
    public func deleteServer(_ id: Snowflake) async throws {
        try await transaction { db in
            // Folders' children cascade through parent_id; deleting children first keeps the
            // order of cascades irrelevant on both dialects.
            try await db.raw("DELETE FROM communities_channels WHERE server_id = \(bind: id.rawValue) AND parent_id IS NOT NULL").run()
            try await db.raw("DELETE FROM communities_servers WHERE id = \(bind: id.rawValue)").run()
        }
    }

    /// See ``CommunityStore/searchPublicServers(query:after:limit:)``.
    public func searchPublicServers(query: String, after: Snowflake?, limit: Int) async throws -> [CommunityServer] {
        try await sql.raw("""
            SELECT * FROM communities_servers
            WHERE visibility = 'public' AND search_text LIKE \(bind: Column.containsPattern(query)) ESCAPE '!'
              AND id > \(bind: after?.rawValue ?? Int64.min)
            ORDER BY id LIMIT \(bind: Int64(max(0, limit)))
            """).all().map(Column.server)
    }

    /// See ``CommunityStore/servers(of:)``.
    public func servers(of user: UserID) async throws -> [CommunityServer] {
        try await sql.raw("""
            SELECT s.* FROM communities_servers s
            JOIN communities_members m ON m.server_id = s.id
            WHERE m.user_id = \(bind: user.rawValue) ORDER BY s.id
            """).all().map(Column.server)
    }
}
