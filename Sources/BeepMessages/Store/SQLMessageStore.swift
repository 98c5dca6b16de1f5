import BeepEventsOutbox
import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

/// The ``MessageStore`` on SQLKit: one implementation for SQLite (FTS5) and PostgreSQL
/// (`tsvector` + GIN).
public struct SQLMessageStore: MessageStore {
    let database: Database
    /// Where writes record their events (PostgreSQL with several processes); nil: not recorded.
    let outbox: EventOutbox?

    /// A store on `database` (run ``MessageMigrations/set`` first, or use ``open(_:outbox:)``);
    /// with `outbox`, each write records its event there in the same transaction.
    public init(database: Database, outbox: EventOutbox? = nil) {
        self.database = database
        self.outbox = outbox
    }

    /// Applies the messages migrations to `database` and returns a store on it.
    public static func open(_ database: Database, outbox: EventOutbox? = nil) async throws -> SQLMessageStore {
        try await database.migrate(MessageMigrations.set)
        return SQLMessageStore(database: database, outbox: outbox)
    }

    /// Writes `event` to the outbox inside the transaction `db`, when there are both.
    func record(_ event: StagedEvent?, on db: any SQLDatabase) async throws {
        if let event, let outbox { try await outbox.append(event, in: db) }
    }

    var sql: any SQLDatabase { database.sql }

    /// See ``MessageStore/message(id:)``.
    public func message(id: Snowflake) async throws -> Message? {
        try await load(sql.raw("SELECT \(unsafeRaw: MessageColumns.list) FROM messages WHERE id = \(bind: id.rawValue)")).first
    }

    /// See ``MessageStore/message(author:channel:nonce:)``.
    public func message(author: UserID, channel: Snowflake, nonce: String) async throws -> Message? {
        try await load(sql.raw("""
            SELECT \(unsafeRaw: MessageColumns.list) FROM messages
            WHERE author_id = \(bind: author.rawValue) AND channel_id = \(bind: channel.rawValue) AND nonce = \(bind: nonce)
            """)).first
    }

    /// See ``MessageStore/update(_:event:)``.
    public func update(_ message: Message, event: StagedEvent?) async throws -> Bool {
        let dialect = database.dialect
        return try await database.transaction { db in
            let updated = try await db.raw("""
                UPDATE messages SET content = \(bind: message.content), has_link = \(bind: message.hasLink),
                    mentions_everyone = \(bind: message.mentionsEveryone),
                    edited_at = \(bind: message.editedAt.map(MessageColumns.millis))
                WHERE id = \(bind: message.id.rawValue)
                RETURNING id
                """).first()
            guard updated != nil else { return false }
            try await Self.deleteReferences(message.id, on: db)
            try await Self.writeReferences(message, on: db)
            if dialect == .sqlite {
                try await db.raw("""
                    UPDATE messages_fts SET content = \(bind: message.content) WHERE rowid = \(bind: message.id.rawValue)
                    """).run()
            }
            try await record(event, on: db)
            return true
        }
    }

    /// See ``MessageStore/delete(id:event:)``.
    public func delete(id: Snowflake, event: StagedEvent?) async throws -> Bool {
        let dialect = database.dialect
        return try await database.transaction { db in
            let deleted = try await db.raw("DELETE FROM messages WHERE id = \(bind: id.rawValue) RETURNING id").first()
            guard deleted != nil else { return false }
            try await Self.deleteReferences(id, on: db)
            if dialect == .sqlite {
                try await db.raw("DELETE FROM messages_fts WHERE rowid = \(bind: id.rawValue)").run()
            }
            try await record(event, on: db)
            return true
        }
    }

    /// See ``MessageStore/setPinned(id:at:maxPins:event:)``.
    public func setPinned(id: Snowflake, at: Date?, maxPins: Int, event: StagedEvent?) async throws -> Message? {
        let dialect = database.dialect
        let found = try await database.transaction { db -> Bool in
            guard let row = try await db.raw("SELECT channel_id FROM messages WHERE id = \(bind: id.rawValue)").first()
            else { return false }
            let channel = try row.decode(column: "channel_id", as: Int64.self)
            guard let at else {
                try await db.raw("UPDATE messages SET pinned_at = NULL WHERE id = \(bind: id.rawValue)").run()
                try await record(event, on: db)
                return true
            }
            if dialect == .postgres {
                // Serialises pins per channel so the count below cannot be raced past the cap.
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: channel))").run()
            }
            let count = try await db.raw("""
                SELECT COUNT(*) AS n FROM messages WHERE channel_id = \(bind: channel) AND pinned_at IS NOT NULL
                    AND id <> \(bind: id.rawValue)
                """).first().map { try $0.decode(column: "n", as: Int64.self) } ?? 0
            guard count < Int64(maxPins) else {
                throw MessageError(.conflict, "This channel already has \(maxPins) pinned messages.")
            }
            try await db.raw("""
                UPDATE messages SET pinned_at = \(bind: MessageColumns.millis(at))
                WHERE id = \(bind: id.rawValue) AND pinned_at IS NULL
                """).run()
            try await record(event, on: db)
            return true
        }
        return found ? try await message(id: id) : nil
    }

    /// See ``MessageStore/pins(channel:)``.
    public func pins(channel: Snowflake) async throws -> [Message] {
        try await load(sql.raw("""
            SELECT \(unsafeRaw: MessageColumns.list) FROM messages WHERE channel_id = \(bind: channel.rawValue) AND pinned_at IS NOT NULL
            ORDER BY pinned_at DESC, id DESC
            """))
    }

    /// See ``MessageStore/history(channel:anchor:limit:)``.
    public func history(channel: Snowflake, anchor: HistoryAnchor, limit: Int) async throws -> [Message] {
        let limit = Int64(max(1, limit))
        let channel = channel.rawValue
        switch anchor {
        case .latest:
            return try await load(sql.raw("""
                SELECT \(unsafeRaw: MessageColumns.list) FROM messages WHERE channel_id = \(bind: channel) ORDER BY id DESC LIMIT \(bind: limit)
                """)).reversed()
        case .before(let id):
            return try await load(sql.raw("""
                SELECT \(unsafeRaw: MessageColumns.list) FROM messages WHERE channel_id = \(bind: channel) AND id < \(bind: id.rawValue)
                ORDER BY id DESC LIMIT \(bind: limit)
                """)).reversed()
        case .after(let id):
            return try await load(sql.raw("""
                SELECT \(unsafeRaw: MessageColumns.list) FROM messages WHERE channel_id = \(bind: channel) AND id > \(bind: id.rawValue)
                ORDER BY id ASC LIMIT \(bind: limit)
                """))
        case .afterPosition(let position):
            return try await load(sql.raw("""
                SELECT \(unsafeRaw: MessageColumns.list) FROM messages
                WHERE channel_id = \(bind: channel) AND position > \(bind: position)
                ORDER BY position ASC LIMIT \(bind: limit)
                """))
        case .around(let id):
            let earlier = limit / 2 == 0 ? [] : try await history(channel: Snowflake(rawValue: channel),
                                                                  anchor: .before(id), limit: Int(limit / 2))
            let later = try await load(sql.raw("""
                SELECT \(unsafeRaw: MessageColumns.list) FROM messages WHERE channel_id = \(bind: channel) AND id >= \(bind: id.rawValue)
                ORDER BY id ASC LIMIT \(bind: limit - Int64(earlier.count))
                """))
            return earlier + later
        }
    }

    // MARK: - Rows

    /// Runs a `SELECT <MessageColumns.list> FROM messages ...` and attaches each message's mentions and tags.
    func load(_ query: SQLRawBuilder) async throws -> [Message] {
        let rows = try await query.all()
        guard !rows.isEmpty else { return [] }
        var messages = try rows.map(MessageColumns.message)
        let ids: [any Encodable & Sendable] = messages.map { $0.id.rawValue }
        var mentions: [Int64: [UserID]] = [:]
        for row in try await sql.raw("""
            SELECT message_id, user_id FROM messages_mentions WHERE message_id IN (\(binds: ids)) ORDER BY user_id
            """).all() {
            mentions[try row.decode(column: "message_id", as: Int64.self), default: []]
                .append(UserID(rawValue: try row.decode(column: "user_id", as: Int64.self)))
        }
        var tags: [Int64: [Snowflake]] = [:]
        for row in try await sql.raw("""
            SELECT message_id, channel_id FROM messages_channel_tags WHERE message_id IN (\(binds: ids)) ORDER BY channel_id
            """).all() {
            tags[try row.decode(column: "message_id", as: Int64.self), default: []]
                .append(Snowflake(rawValue: try row.decode(column: "channel_id", as: Int64.self)))
        }
        for index in messages.indices {
            messages[index].mentions = mentions[messages[index].id.rawValue] ?? []
            messages[index].channelTags = tags[messages[index].id.rawValue] ?? []
        }
        return messages
    }

    static func writeReferences(_ message: Message, on db: any SQLDatabase) async throws {
        for user in Set(message.mentions) {
            try await db.raw("""
                INSERT INTO messages_mentions (message_id, user_id) VALUES (\(bind: message.id.rawValue), \(bind: user.rawValue))
                """).run()
        }
        for channel in Set(message.channelTags) {
            try await db.raw("""
                INSERT INTO messages_channel_tags (message_id, channel_id)
                VALUES (\(bind: message.id.rawValue), \(bind: channel.rawValue))
                """).run()
        }
    }

    static func deleteReferences(_ id: Snowflake, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM messages_mentions WHERE message_id = \(bind: id.rawValue)").run()
        try await db.raw("DELETE FROM messages_channel_tags WHERE message_id = \(bind: id.rawValue)").run()
    }
}

/// Conversions between column values and domain values.
enum MessageColumns {
    /// The columns a ``Message`` is read from (never PostgreSQL's `search_vector`).
    static let names = ["id", "position", "channel_id", "server_id", "author_id", "content", "reply_to_id", "mentions_everyone",
                        "has_link", "pinned_at", "created_at", "edited_at", "nonce"]
    /// `id, channel_id, ...`.
    static let list = names.joined(separator: ", ")
    /// `m.id, m.channel_id, ...`.
    static func list(alias: String) -> String { names.map { "\(alias).\($0)" }.joined(separator: ", ") }

    /// Milliseconds since the Unix epoch, to the nearest (the service passes times already
    /// truncated to milliseconds, so they round-trip exactly).
    static func millis(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        return value.isFinite ? Int64(max(-9.0e15, min(value, 9.0e15))) : 0
    }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static func message(_ row: any SQLRow) throws -> Message {
        Message(
            id: Snowflake(rawValue: try row.decode(column: "id", as: Int64.self)),
            channelID: Snowflake(rawValue: try row.decode(column: "channel_id", as: Int64.self)),
            serverID: Snowflake(rawValue: try row.decode(column: "server_id", as: Int64.self)),
            authorID: UserID(rawValue: try row.decode(column: "author_id", as: Int64.self)),
            content: try row.decode(column: "content", as: String.self),
            replyToID: try row.decode(column: "reply_to_id", as: Int64?.self).map(Snowflake.init(rawValue:)),
            mentions: [],
            mentionsEveryone: try row.decode(column: "mentions_everyone", as: Bool.self),
            channelTags: [],
            hasLink: try row.decode(column: "has_link", as: Bool.self),
            pinnedAt: try row.decode(column: "pinned_at", as: Int64?.self).map(date),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            editedAt: try row.decode(column: "edited_at", as: Int64?.self).map(date),
            nonce: try row.decode(column: "nonce", as: String?.self),
            position: try row.decode(column: "position", as: Int64.self))
    }
}
