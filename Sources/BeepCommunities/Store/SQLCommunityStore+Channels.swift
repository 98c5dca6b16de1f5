import BeepPermissions
import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLCommunityStore {
    func insertChannel(_ channel: CommunityChannel, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO communities_channels (id, server_id, parent_id, kind, name, topic, sort_position)
            VALUES (\(bind: channel.id.rawValue), \(bind: channel.serverID.rawValue), \(bind: channel.parentID?.rawValue),
                    \(bind: channel.kind.rawValue), \(bind: channel.name), \(bind: channel.topic),
                    \(bind: Int64(channel.position)))
            """).run()
        for overwrite in channel.overwrites { try await upsertOverwrite(channel: channel.id, overwrite, on: db) }
    }

    func upsertOverwrite(channel: Snowflake, _ overwrite: PermissionOverwrite, on db: any SQLDatabase) async throws {
        let target = Column.target(overwrite.target)
        try await db.raw("""
            INSERT INTO communities_overwrites (channel_id, target_kind, target_id, allow_bits, deny_bits)
            VALUES (\(bind: channel.rawValue), \(bind: target.kind), \(bind: target.id),
                    \(bind: Column.bits(overwrite.allow)), \(bind: Column.bits(overwrite.deny)))
            ON CONFLICT (channel_id, target_kind, target_id) DO UPDATE SET
                allow_bits = excluded.allow_bits, deny_bits = excluded.deny_bits
            """).run()
    }

    /// See ``CommunityStore/channels(server:)``.
    public func channels(server: Snowflake) async throws -> [CommunityChannel] {
        let rows = try await sql.raw("SELECT * FROM communities_channels WHERE server_id = \(bind: server.rawValue)").all()
        let overwriteRows = try await sql.raw("""
            SELECT o.* FROM communities_overwrites o
            JOIN communities_channels c ON c.id = o.channel_id
            WHERE c.server_id = \(bind: server.rawValue)
            ORDER BY o.channel_id, o.target_kind, o.target_id
            """).all()
        var overwrites: [Snowflake: [PermissionOverwrite]] = [:]
        for row in overwriteRows {
            if let entry = try Column.overwrite(row) { overwrites[entry.channel, default: []].append(entry.overwrite) }
        }
        return try rows.map { row in
            let id = Snowflake(rawValue: try row.decode(column: "id", as: Int64.self))
            return try Column.channel(row, overwrites: overwrites[id] ?? [])
        }
    }

    /// See ``CommunityStore/channel(_:)``.
    public func channel(_ id: Snowflake) async throws -> CommunityChannel? {
        guard let row = try await sql.raw("SELECT * FROM communities_channels WHERE id = \(bind: id.rawValue)").first() else {
            return nil
        }
        let overwriteRows = try await sql.raw("""
            SELECT * FROM communities_overwrites WHERE channel_id = \(bind: id.rawValue) ORDER BY target_kind, target_id
            """).all()
        return try Column.channel(row, overwrites: try overwriteRows.compactMap(Column.overwrite).map(\.overwrite))
    }

    /// See ``CommunityStore/createChannel(_:maxChannels:)``.
    public func createChannel(_ channel: CommunityChannel, maxChannels: Int) async throws {
        try await refusable { (db: any SQLDatabase) async throws -> Result<Void, CommunityError> in
            try await lockServer(channel.serverID, on: db)
            let count = try Column.count(try await db.raw("""
                SELECT COUNT(*) AS n FROM communities_channels WHERE server_id = \(bind: channel.serverID.rawValue)
                """).first())
            guard count < maxChannels else {
                return .failure(CommunityError(.limitReached, "This server already has \(maxChannels) channels."))
            }
            try await insertChannel(channel, on: db)
            return .success(())
        }
    }

    /// See ``CommunityStore/updateChannel(_:)``.
    public func updateChannel(_ channel: CommunityChannel) async throws {
        try await sql.raw("""
            UPDATE communities_channels SET name = \(bind: channel.name), topic = \(bind: channel.topic)
            WHERE id = \(bind: channel.id.rawValue)
            """).run()
    }

    /// See ``CommunityStore/setChannelPlacements(server:_:)``.
    public func setChannelPlacements(server: Snowflake, _ placements: [ChannelPlacement]) async throws {
        guard !placements.isEmpty else { return }
        try await transaction { db in
            for placement in placements {
                try await db.raw("""
                    UPDATE communities_channels SET parent_id = \(bind: placement.parentID?.rawValue),
                        sort_position = \(bind: Int64(placement.position))
                    WHERE id = \(bind: placement.id.rawValue) AND server_id = \(bind: server.rawValue)
                    """).run()
            }
        }
    }

    /// See ``CommunityStore/deleteChannel(_:)``.
    public func deleteChannel(_ id: Snowflake) async throws {
        try await transaction { db in
            try await db.raw("DELETE FROM communities_channels WHERE parent_id = \(bind: id.rawValue)").run()
            try await db.raw("DELETE FROM communities_channels WHERE id = \(bind: id.rawValue)").run()
        }
    }

    /// See ``CommunityStore/setOverwrite(channel:_:)``.
    public func setOverwrite(channel: Snowflake, _ overwrite: PermissionOverwrite) async throws {
        try await upsertOverwrite(channel: channel, overwrite, on: sql)
    }

    /// See ``CommunityStore/deleteOverwrite(channel:target:)``.
    public func deleteOverwrite(channel: Snowflake, target: PermissionOverwrite.Target) async throws -> Bool {
        let target = Column.target(target)
        return try await transaction { db in
            try await db.raw("""
                DELETE FROM communities_overwrites
                WHERE channel_id = \(bind: channel.rawValue) AND target_kind = \(bind: target.kind)
                  AND target_id = \(bind: target.id)
                RETURNING channel_id
                """).first() != nil
        }
    }
}
