import BeepEventsOutbox
import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLMessageStore {
    /// See ``MessageStore/insert(_:event:)``. A nonce already taken (also by a racing insert)
    /// inserts nothing: the unique index decides (`ON CONFLICT DO NOTHING`), and the first
    /// message is read back.
    public func insert(_ message: Message, event: StagedEvent?) async throws -> MessageInsertOutcome {
        let inserted = database.dialect == .postgres
            ? try await insertStatement(message, event: event)
            : try await insertTransaction(message, event: event)
        if inserted { return .inserted(message) }
        guard let nonce = message.nonce,
              let existing = try await self.message(author: message.authorID, channel: message.channelID, nonce: nonce)
        else {
            throw StorageError(.other, reason: "message \(message.id) was neither inserted nor found by its nonce")
        }
        return .existing(existing)
    }

    /// The `INSERT` of a message's row, skipped when its nonce is taken; returns its `id`.
    static func insertRow(_ message: Message) -> SQLQueryString {
        """
        INSERT INTO messages (id, channel_id, server_id, author_id, content, reply_to_id, mentions_everyone,
                              has_link, pinned_at, created_at, edited_at, nonce)
        VALUES (\(bind: message.id.rawValue), \(bind: message.channelID.rawValue),
                \(bind: message.serverID.rawValue), \(bind: message.authorID.rawValue),
                \(bind: message.content), \(bind: message.replyToID?.rawValue),
                \(bind: message.mentionsEveryone), \(bind: message.hasLink),
                \(bind: message.pinnedAt.map(MessageColumns.millis)),
                \(bind: MessageColumns.millis(message.createdAt)),
                \(bind: message.editedAt.map(MessageColumns.millis)), \(bind: message.nonce))
        ON CONFLICT (author_id, channel_id, nonce) DO NOTHING
        RETURNING id
        """
    }

    /// PostgreSQL: the message, its references, its outbox row and the `NOTIFY` as one statement
    /// (one round trip, atomic on its own). The channel's stream row, locked to number the event,
    /// is then held only while PostgreSQL runs the statement, never while `beep` waits between
    /// round trips. The generated `tsvector` column is the search index's row. Returns whether the
    /// message was inserted.
    func insertStatement(_ message: Message, event: StagedEvent?) async throws -> Bool {
        let mentions = Set(message.mentions).map(\.rawValue).sorted()
        let tags = Set(message.channelTags).map(\.rawValue).sorted()
        var statement: SQLQueryString = "WITH inserted AS (" + Self.insertRow(message) + """
            ), mentioned AS (
                INSERT INTO messages_mentions (message_id, user_id)
                SELECT inserted.id, mention FROM inserted, unnest(\(bind: mentions)::bigint[]) AS mention
            ), tagged AS (
                INSERT INTO messages_channel_tags (message_id, channel_id)
                SELECT inserted.id, tag FROM inserted, unnest(\(bind: tags)::bigint[]) AS tag
            )
            """
        if let event, let outbox {
            statement += ", " + (try outbox.writing(event, gate: "inserted")) + " " + EventOutbox.notifying(outbox.channel)
        } else {
            statement += " SELECT id FROM inserted"
        }
        return try await sql.raw(statement).first() != nil
    }

    /// SQLite: the message, its references and its FTS5 row in one transaction. Returns whether
    /// the message was inserted.
    func insertTransaction(_ message: Message, event: StagedEvent?) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw(Self.insertRow(message)).first() != nil else { return false }
            try await Self.writeReferences(message, on: db)
            try await db.raw("""
                INSERT INTO messages_fts (rowid, content) VALUES (\(bind: message.id.rawValue), \(bind: message.content))
                """).run()
            try await record(event, on: db)
            return true
        }
    }
}
