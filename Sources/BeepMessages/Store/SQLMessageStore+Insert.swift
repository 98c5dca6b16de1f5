import BeepEventsOutbox
import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLMessageStore {
    /// See ``MessageStore/insert(_:event:)``. The message gets the next position of its channel
    /// (`messages_channel_positions`, updated in the same transaction: its row lock, held to
    /// commit, serialises the channel's sends, so positions follow commit order). When its nonce
    /// is taken (also by a racing insert, whose commit the unique index waits for), the insert
    /// fails and rolls back whole, its position with it, and the first message is read back.
    public func insert(_ message: Message, event: StagedEvent?) async throws -> MessageInsertOutcome {
        do {
            var stored = message
            stored.position = database.dialect == .postgres
                ? try await insertStatement(message, event: event)
                : try await insertTransaction(message, event: event)
            return .inserted(stored)
        } catch let error as StorageError where message.nonce != nil && error.isUniqueViolation(column: "nonce") {
            guard let nonce = message.nonce,
                  let existing = try await self.message(author: message.authorID, channel: message.channelID, nonce: nonce)
            else { throw error }
            return .existing(existing)
        }
    }

    /// The name of the column holding a message's position, and of the event body's member
    /// that carries it (``StagedEvent/placeholder(_:)`` until the send stores it).
    static let positionKey = "position"

    /// The `INSERT` of a message's row at the position `position` (an SQL expression); returns
    /// its `id` and `position`.
    static func insertRow(_ message: Message, position: SQLQueryString, from source: SQLQueryString = "")
        -> SQLQueryString
    {
        """
        INSERT INTO messages (id, channel_id, server_id, author_id, content, reply_to_id, mentions_everyone,
                              has_link, pinned_at, created_at, edited_at, nonce, position)
        SELECT \(bind: message.id.rawValue), \(bind: message.channelID.rawValue),
               \(bind: message.serverID.rawValue), \(bind: message.authorID.rawValue),
               \(bind: message.content), \(bind: message.replyToID?.rawValue),
               \(bind: message.mentionsEveryone), \(bind: message.hasLink),
               \(bind: message.pinnedAt.map(MessageColumns.millis)),
               \(bind: MessageColumns.millis(message.createdAt)),
               \(bind: message.editedAt.map(MessageColumns.millis)), \(bind: message.nonce), \(position)\(source)
        RETURNING id, position
        """
    }

    /// Takes the next position of the message's channel (locking the channel's counter row to
    /// commit); returns it as `last_position`.
    static func nextPosition(of channel: Snowflake) -> SQLQueryString {
        """
        INSERT INTO messages_channel_positions (channel_id, last_position) VALUES (\(bind: channel.rawValue), 1)
        ON CONFLICT (channel_id) DO UPDATE SET last_position = messages_channel_positions.last_position + 1
        RETURNING last_position
        """
    }

    /// PostgreSQL: the position, the message, its references, its outbox row (its body given the
    /// position) and the `NOTIFY` as one statement (one round trip, atomic on its own). The
    /// channel's position and stream rows, locked in that order, are then held only while
    /// PostgreSQL runs the statement, never while `beep` waits between round trips. The generated
    /// `tsvector` column is the search index's row. Returns the position.
    func insertStatement(_ message: Message, event: StagedEvent?) async throws -> Int64 {
        let mentions = Set(message.mentions).map(\.rawValue).sorted()
        let tags = Set(message.channelTags).map(\.rawValue).sorted()
        var statement: SQLQueryString = "WITH positioned AS (" + Self.nextPosition(of: message.channelID) + "), inserted AS ("
            + Self.insertRow(message, position: "last_position", from: " FROM positioned") + """
            ), mentioned AS (
                INSERT INTO messages_mentions (message_id, user_id)
                SELECT inserted.id, mention FROM inserted, unnest(\(bind: mentions)::bigint[]) AS mention
            ), tagged AS (
                INSERT INTO messages_channel_tags (message_id, channel_id)
                SELECT inserted.id, tag FROM inserted, unnest(\(bind: tags)::bigint[]) AS tag
            )
            """
        if let event, let outbox {
            statement += ", " + (try outbox.writing(event, gate: "inserted", stamp: Self.positionKey)) + """
                , notified AS (\(EventOutbox.notifying(outbox.channel)))
                SELECT position FROM inserted, notified
                """
        } else {
            statement += " SELECT position FROM inserted"
        }
        guard let row = try await sql.raw(statement).first() else {
            throw StorageError(.other, reason: "message \(message.id) was not inserted")
        }
        return try row.decode(column: "position", as: Int64.self)
    }

    /// SQLite: the position, the message, its references and its FTS5 row in one transaction
    /// (SQLite runs one writing transaction at a time, so positions follow commit order).
    /// Returns the position.
    func insertTransaction(_ message: Message, event: StagedEvent?) async throws -> Int64 {
        try await database.transaction { db in
            guard let row = try await db.raw(Self.nextPosition(of: message.channelID)).first() else {
                throw StorageError(.other, reason: "messages_channel_positions returned no position")
            }
            let position = try row.decode(column: "last_position", as: Int64.self)
            try await db.raw(Self.insertRow(message, position: "\(bind: position)")).run()
            try await Self.writeReferences(message, on: db)
            try await db.raw("""
                INSERT INTO messages_fts (rowid, content) VALUES (\(bind: message.id.rawValue), \(bind: message.content))
                """).run()
            try await record(event?.stamping(Self.positionKey, position), on: db)
            return position
        }
    }
}
