import BeepStorage

/// The events outbox's schema (service `events`), PostgreSQL and SQLite alike (SQLite never
/// writes to it: delivery stays in process there).
///
/// - `events_streams`: one row per ordering stream with its last sequence number; the write
///   transaction's `UPDATE` of this row locks it until commit, which makes sequence order equal
///   commit order within a stream.
/// - `events_outbox`: one row per event (body, audience, stream, seq), found by id (what the
///   `NOTIFY` carries) or by stream and seq (catch-up), pruned after the retention period.
/// - `events_live`: live state shared by processes (``SharedLiveState``: presence, voice
///   participants), one row per kind, key and node with the node's value and a lease it renews.
/// - `events_live_published`: each key's state as last published (absent: none).
public enum OutboxMigrations {
    /// All migrations, in order.
    public static let set = MigrationSet(service: "events", migrations: [
        Migration(id: "0001-outbox") { dialect in
            let serial = dialect == .postgres ? "BIGSERIAL" : "INTEGER"
            return [
                """
                CREATE TABLE events_streams (
                    stream TEXT PRIMARY KEY,
                    last_seq BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE events_outbox (
                    id \(serial) PRIMARY KEY,
                    stream TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    type TEXT NOT NULL,
                    data TEXT NOT NULL,
                    audience TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX events_outbox_stream_seq ON events_outbox (stream, seq)",
                "CREATE INDEX events_outbox_created ON events_outbox (created_at)",
            ]
        },
        Migration(id: "0002-live-state") { _ in
            [
                """
                CREATE TABLE events_live (
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    node BIGINT NOT NULL,
                    value TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    PRIMARY KEY (kind, subject, node)
                )
                """,
                "CREATE INDEX events_live_expires ON events_live (kind, expires_at)",
                """
                CREATE TABLE events_live_published (
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (kind, subject)
                )
                """,
            ]
        },
    ])
}
