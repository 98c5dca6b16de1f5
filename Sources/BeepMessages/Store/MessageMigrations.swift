import BeepStorage

/// The messages service's schema (service `messages`).
///
/// - `messages`: one row per message; `(author_id, channel_id, nonce)` is unique, which makes a
///   retried send with the same nonce find the first message instead of inserting a second.
/// - `messages_mentions` and `messages_channel_tags`: resolved `@user` and `#channel` references.
/// - Full-text search: on SQLite the FTS5 table `messages_fts` (rowid = message id) written in
///   the same transaction as the message; on PostgreSQL a stored generated `tsvector` column
///   (`simple` configuration, so no language's stemming or stop words) with a GIN index,
///   updated by the same statement as the content; its statistics target is raised so that rare
///   terms are estimated as rare (migration `0002`).
/// - Positions (migration `0003`): `messages.position` numbers a channel's messages in commit
///   order, unique per channel; `messages_channel_positions` holds each channel's last one. A
///   send updates its channel's row in the same transaction, whose lock (held to commit)
///   serialises the channel's sends, so positions follow commit order without gaps.
public enum MessageMigrations {
    /// All migrations, in order.
    public static let set = MigrationSet(service: "messages", migrations: [
        Migration(id: "0001-messages") { dialect in
            let bool = dialect == .postgres ? "BOOLEAN" : "INTEGER"
            var statements = [
                """
                CREATE TABLE messages (
                    id BIGINT PRIMARY KEY,
                    channel_id BIGINT NOT NULL,
                    server_id BIGINT NOT NULL,
                    author_id BIGINT NOT NULL,
                    content TEXT NOT NULL,
                    reply_to_id BIGINT,
                    mentions_everyone \(bool) NOT NULL,
                    has_link \(bool) NOT NULL,
                    pinned_at BIGINT,
                    created_at BIGINT NOT NULL,
                    edited_at BIGINT,
                    nonce TEXT
                )
                """,
                "CREATE INDEX messages_channel_order ON messages (channel_id, id)",
                "CREATE INDEX messages_server_order ON messages (server_id, id)",
                "CREATE INDEX messages_channel_pins ON messages (channel_id, pinned_at) WHERE pinned_at IS NOT NULL",
                "CREATE UNIQUE INDEX messages_author_nonce ON messages (author_id, channel_id, nonce)",
                """
                CREATE TABLE messages_mentions (
                    message_id BIGINT NOT NULL,
                    user_id BIGINT NOT NULL,
                    PRIMARY KEY (message_id, user_id)
                )
                """,
                "CREATE INDEX messages_mentions_user ON messages_mentions (user_id, message_id)",
                """
                CREATE TABLE messages_channel_tags (
                    message_id BIGINT NOT NULL,
                    channel_id BIGINT NOT NULL,
                    PRIMARY KEY (message_id, channel_id)
                )
                """,
            ]
            switch dialect {
            case .sqlite:
                statements.append("CREATE VIRTUAL TABLE messages_fts USING fts5(content, tokenize = 'unicode61')")
            case .postgres:
                statements.append("""
                    ALTER TABLE messages ADD COLUMN search_vector tsvector
                    GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED
                    """)
                statements.append("CREATE INDEX messages_search ON messages USING GIN (search_vector)")
            }
            return statements
        },
        // PostgreSQL estimates a search term missing from the column's most common lexemes at
        // half the rarest one's frequency. With the default statistics target (100) that is
        // about 0.5 % of the messages, so a rare term looked common and was answered by walking
        // the channel newest first, filtering every row (over 100 ms for 100 hits in 1M
        // messages). A larger target keeps more lexemes, the estimate for a rare term falls, and
        // the planner reads its hits from the GIN index and sorts those (docs/performance.md).
        Migration(id: "0002-search-statistics") { dialect in
            dialect == .postgres ? ["ALTER TABLE messages ALTER COLUMN search_vector SET STATISTICS 1000"] : []
        },
        // Existing messages are numbered in id order (the order history showed them in).
        Migration(id: "0003-positions") { dialect in
            var statements = [
                "ALTER TABLE messages ADD COLUMN position BIGINT NOT NULL DEFAULT 0",
                """
                UPDATE messages SET position = ranked.n
                FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY channel_id ORDER BY id) AS n FROM messages) AS ranked
                WHERE messages.id = ranked.id
                """,
                "CREATE UNIQUE INDEX messages_position_order ON messages (channel_id, position)",
                """
                CREATE TABLE messages_channel_positions (
                    channel_id BIGINT PRIMARY KEY,
                    last_position BIGINT NOT NULL
                )
                """,
                """
                INSERT INTO messages_channel_positions (channel_id, last_position)
                SELECT channel_id, MAX(position) FROM messages GROUP BY channel_id
                """,
            ]
            if dialect == .postgres {
                // Every insert names its position; SQLite cannot drop a column default.
                statements.append("ALTER TABLE messages ALTER COLUMN position DROP DEFAULT")
            }
            return statements
        },
    ])
}
