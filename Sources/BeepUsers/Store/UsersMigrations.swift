import BeepStorage

/// The users service's tables (`docs/storage.md` conventions: BIGINT ids and millisecond
/// times, TEXT, INTEGER flags, lowercased `_key` columns for case-insensitive uniqueness).
public enum UsersMigrations {
    /// All migrations, in order.
    public static let set = MigrationSet(service: "users", migrations: [
        Migration(id: "0001-users-sessions-2fa") { _ in
            [
                """
                CREATE TABLE users (
                    id BIGINT PRIMARY KEY,
                    first_name TEXT NOT NULL,
                    last_name TEXT NOT NULL,
                    username TEXT NOT NULL,
                    username_key TEXT NOT NULL,
                    email TEXT NOT NULL,
                    email_key TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    language TEXT NOT NULL,
                    picture_key TEXT,
                    totp_secret TEXT,
                    totp_pending_secret TEXT,
                    totp_last_step BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX users_username_key ON users (username_key)",
                "CREATE UNIQUE INDEX users_email_key ON users (email_key)",
                """
                CREATE TABLE user_recovery_codes (
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    code_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    used_at BIGINT,
                    PRIMARY KEY (user_id, code_hash)
                )
                """,
                """
                CREATE TABLE user_sessions (
                    id BIGINT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT,
                    user_agent TEXT NOT NULL
                )
                """,
                "CREATE INDEX user_sessions_user ON user_sessions (user_id)",
                """
                CREATE TABLE user_refresh_tokens (
                    token_hash TEXT PRIMARY KEY,
                    session_id BIGINT NOT NULL REFERENCES user_sessions (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    used_at BIGINT
                )
                """,
                "CREATE INDEX user_refresh_tokens_session ON user_refresh_tokens (session_id)",
                """
                CREATE TABLE user_sign_in_challenges (
                    token_hash TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    expires_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL
                )
                """,
            ]
        },
    ])
}
