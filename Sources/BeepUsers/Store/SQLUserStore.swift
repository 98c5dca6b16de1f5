import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

/// ``UserStore`` on a ``Database`` (SQLite or PostgreSQL), hand-written SQL through SQLKit.
public struct SQLUserStore: UserStore {
    /// The database.
    public let database: Database

    /// Creates a store; call ``migrate()`` before use.
    public init(database: Database) {
        self.database = database
    }

    private var sql: any SQLDatabase { database.sql }

    /// Applies ``UsersMigrations/set``.
    public func migrate() async throws {
        try await database.migrate(UsersMigrations.set)
    }

    // MARK: Users

    private static let userColumns = """
        id, first_name, last_name, username, email, password_hash, language, picture_key, \
        totp_secret, totp_pending_secret, totp_last_step, created_at, updated_at
        """

    private static func decodeUser(_ row: any SQLRow) throws -> UserRecord {
        let languageRaw = try row.decode(column: "language", as: String.self)
        return UserRecord(
            id: Snowflake(rawValue: try row.decode(column: "id", as: Int64.self)),
            firstName: try row.decode(column: "first_name", as: String.self),
            lastName: try row.decode(column: "last_name", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            language: Language(rawValue: languageRaw) ?? .en,
            pictureKey: try row.decode(column: "picture_key", as: String?.self),
            totpSecret: try row.decode(column: "totp_secret", as: String?.self),
            pendingTOTPSecret: try row.decode(column: "totp_pending_secret", as: String?.self),
            totpLastStep: try row.decode(column: "totp_last_step", as: Int64?.self),
            createdAt: Milliseconds.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Milliseconds.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    /// Inserts a user; duplicates throw `.uniqueViolation` on `username_key` / `email_key`.
    public func createUser(_ user: UserRecord) async throws {
        try await sql.raw("""
            INSERT INTO users (id, first_name, last_name, username, username_key, email, email_key, password_hash,
                               language, picture_key, totp_secret, totp_pending_secret, totp_last_step, created_at, updated_at)
            VALUES (\(bind: user.id.rawValue), \(bind: user.firstName), \(bind: user.lastName), \(bind: user.username),
                    \(bind: user.usernameKey), \(bind: user.email), \(bind: user.emailKey), \(bind: user.passwordHash),
                    \(bind: user.language.rawValue), \(bind: user.pictureKey), \(bind: user.totpSecret),
                    \(bind: user.pendingTOTPSecret), \(bind: user.totpLastStep),
                    \(bind: Milliseconds.from(user.createdAt)), \(bind: Milliseconds.from(user.updatedAt)))
            """).run()
    }

    /// The user with `id`.
    public func user(id: UserID) async throws -> UserRecord? {
        try await sql.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE id = \(bind: id.rawValue)")
            .first().map(Self.decodeUser)
    }

    /// The existing users among `ids` (the first 100).
    public func users(ids: [UserID]) async throws -> [UserRecord] {
        let wanted = Array(Set(ids.map(\.rawValue)).prefix(100))
        guard !wanted.isEmpty else { return [] }
        let placeholders = SQLList(wanted.map { SQLBind($0) })
        return try await sql.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE id IN (\(placeholders))")
            .all().map(Self.decodeUser)
    }

    /// The existing users among lowercased usernames `usernameKeys` (the first 100).
    public func users(usernameKeys: [String]) async throws -> [UserRecord] {
        let wanted = Array(Set(usernameKeys).prefix(100))
        guard !wanted.isEmpty else { return [] }
        let placeholders = SQLList(wanted.map { SQLBind($0) })
        return try await sql.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE username_key IN (\(placeholders))")
            .all().map(Self.decodeUser)
    }

    /// The user with lowercased email `emailKey`.
    public func user(emailKey: String) async throws -> UserRecord? {
        try await sql.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE email_key = \(bind: emailKey)")
            .first().map(Self.decodeUser)
    }

    /// Writes the editable profile fields.
    public func updateProfile(_ user: UserRecord) async throws {
        try await sql.raw("""
            UPDATE users SET first_name = \(bind: user.firstName), last_name = \(bind: user.lastName),
                username = \(bind: user.username), username_key = \(bind: user.usernameKey),
                email = \(bind: user.email), email_key = \(bind: user.emailKey),
                language = \(bind: user.language.rawValue), updated_at = \(bind: Milliseconds.from(user.updatedAt))
            WHERE id = \(bind: user.id.rawValue)
            """).run()
    }

    /// Replaces the password hash.
    public func updatePasswordHash(userID: UserID, hash: String, now: Date) async throws {
        try await sql.raw("""
            UPDATE users SET password_hash = \(bind: hash), updated_at = \(bind: Milliseconds.from(now))
            WHERE id = \(bind: userID.rawValue)
            """).run()
    }

    /// Replaces the picture key.
    public func updatePicture(userID: UserID, key: String?, now: Date) async throws {
        try await sql.raw("""
            UPDATE users SET picture_key = \(bind: key), updated_at = \(bind: Milliseconds.from(now))
            WHERE id = \(bind: userID.rawValue)
            """).run()
    }

    // MARK: Two-factor

    /// Stores or clears the pending secret.
    public func setPendingTOTPSecret(userID: UserID, secret: String?) async throws {
        try await sql.raw("UPDATE users SET totp_pending_secret = \(bind: secret) WHERE id = \(bind: userID.rawValue)").run()
    }

    /// Enables 2FA and replaces recovery codes, in one transaction.
    public func enableTOTP(userID: UserID, secret: String, confirmedStep: Int64, recoveryCodeHashes: [String], now: Date) async throws {
        try await database.transaction { sql in
            try await sql.raw("""
                UPDATE users SET totp_secret = \(bind: secret), totp_pending_secret = NULL,
                    totp_last_step = \(bind: confirmedStep), updated_at = \(bind: Milliseconds.from(now))
                WHERE id = \(bind: userID.rawValue)
                """).run()
            try await Self.replaceCodes(sql, userID: userID, hashes: recoveryCodeHashes, now: now)
        }
    }

    /// Disables 2FA and deletes recovery codes.
    public func disableTOTP(userID: UserID) async throws {
        try await database.transaction { sql in
            try await sql.raw("""
                UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL
                WHERE id = \(bind: userID.rawValue)
                """).run()
            try await sql.raw("DELETE FROM user_recovery_codes WHERE user_id = \(bind: userID.rawValue)").run()
        }
    }

    /// Atomically advances `totp_last_step` (RFC 6238 §5.2: a code is accepted once).
    public func consumeTOTPStep(userID: UserID, step: Int64) async throws -> Bool {
        try await sql.raw("""
            UPDATE users SET totp_last_step = \(bind: step)
            WHERE id = \(bind: userID.rawValue) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step))
            RETURNING id
            """).first() != nil
    }

    /// Atomically spends a recovery code.
    public func consumeRecoveryCode(userID: UserID, hash: String, now: Date) async throws -> Bool {
        try await sql.raw("""
            UPDATE user_recovery_codes SET used_at = \(bind: Milliseconds.from(now))
            WHERE user_id = \(bind: userID.rawValue) AND code_hash = \(bind: hash) AND used_at IS NULL
            RETURNING user_id
            """).first() != nil
    }

    /// Unused codes left.
    public func remainingRecoveryCodes(userID: UserID) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM user_recovery_codes WHERE user_id = \(bind: userID.rawValue) AND used_at IS NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Replaces all recovery codes.
    public func replaceRecoveryCodes(userID: UserID, hashes: [String], now: Date) async throws {
        try await database.transaction { sql in
            try await Self.replaceCodes(sql, userID: userID, hashes: hashes, now: now)
        }
    }

    private static func replaceCodes(_ sql: any SQLDatabase, userID: UserID, hashes: [String], now: Date) async throws {
        try await sql.raw("DELETE FROM user_recovery_codes WHERE user_id = \(bind: userID.rawValue)").run()
        for hash in Set(hashes) {
            try await sql.raw("""
                INSERT INTO user_recovery_codes (user_id, code_hash, created_at)
                VALUES (\(bind: userID.rawValue), \(bind: hash), \(bind: Milliseconds.from(now)))
                """).run()
        }
    }

    // MARK: Challenges

    /// Stores a challenge.
    public func createChallenge(tokenHash: String, challenge: SignInChallenge) async throws {
        try await sql.raw("""
            INSERT INTO user_sign_in_challenges (token_hash, user_id, expires_at, attempts)
            VALUES (\(bind: tokenHash), \(bind: challenge.userID.rawValue),
                    \(bind: Milliseconds.from(challenge.expiresAt)), \(bind: challenge.attempts))
            """).run()
    }

    /// The challenge, if present.
    public func challenge(tokenHash: String) async throws -> SignInChallenge? {
        guard let row = try await sql.raw("""
            SELECT user_id, expires_at, attempts FROM user_sign_in_challenges WHERE token_hash = \(bind: tokenHash)
            """).first() else { return nil }
        return SignInChallenge(userID: Snowflake(rawValue: try row.decode(column: "user_id", as: Int64.self)),
                               expiresAt: Milliseconds.date(try row.decode(column: "expires_at", as: Int64.self)),
                               attempts: try row.decode(column: "attempts", as: Int.self))
    }

    /// Counts a failure.
    public func recordChallengeFailure(tokenHash: String) async throws -> Int {
        try await sql.raw("""
            UPDATE user_sign_in_challenges SET attempts = attempts + 1 WHERE token_hash = \(bind: tokenHash)
            RETURNING attempts
            """).first()?.decode(column: "attempts", as: Int.self) ?? Int.max
    }

    /// Deletes a challenge.
    public func deleteChallenge(tokenHash: String) async throws {
        try await sql.raw("DELETE FROM user_sign_in_challenges WHERE token_hash = \(bind: tokenHash)").run()
    }

    // MARK: Sessions

    private static func decodeSession(_ row: any SQLRow) throws -> SessionRecord {
        SessionRecord(
            id: Snowflake(rawValue: try row.decode(column: "id", as: Int64.self)),
            userID: Snowflake(rawValue: try row.decode(column: "user_id", as: Int64.self)),
            createdAt: Milliseconds.date(try row.decode(column: "created_at", as: Int64.self)),
            lastUsedAt: Milliseconds.date(try row.decode(column: "last_used_at", as: Int64.self)),
            expiresAt: Milliseconds.date(try row.decode(column: "expires_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Milliseconds.date),
            userAgent: try row.decode(column: "user_agent", as: String.self))
    }

    /// Starts a session with its first refresh token.
    public func createSession(_ session: SessionRecord, refreshTokenHash: String) async throws {
        try await database.transaction { sql in
            try await sql.raw("""
                INSERT INTO user_sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent)
                VALUES (\(bind: session.id.rawValue), \(bind: session.userID.rawValue),
                        \(bind: Milliseconds.from(session.createdAt)), \(bind: Milliseconds.from(session.lastUsedAt)),
                        \(bind: Milliseconds.from(session.expiresAt)), NULL, \(bind: session.userAgent))
                """).run()
            try await sql.raw("""
                INSERT INTO user_refresh_tokens (token_hash, session_id, created_at)
                VALUES (\(bind: refreshTokenHash), \(bind: session.id.rawValue), \(bind: Milliseconds.from(session.createdAt)))
                """).run()
        }
    }

    /// The session with `id`.
    public func session(id: Snowflake) async throws -> SessionRecord? {
        try await sql.raw("""
            SELECT id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent
            FROM user_sessions WHERE id = \(bind: id.rawValue)
            """).first().map(Self.decodeSession)
    }

    /// Whether the session is `userID`'s and active.
    public func isSessionActive(id: Snowflake, userID: UserID, now: Date) async throws -> Bool {
        try await sql.raw("""
            SELECT id FROM user_sessions
            WHERE id = \(bind: id.rawValue) AND user_id = \(bind: userID.rawValue)
              AND revoked_at IS NULL AND expires_at > \(bind: Milliseconds.from(now))
            """).first() != nil
    }

    /// Rotation with reuse detection, in one transaction.
    public func rotateRefreshToken(presentedHash: String, newHash: String, newExpiry: Date, now: Date) async throws -> RefreshOutcome {
        let nowMs = Milliseconds.from(now)
        return try await database.transaction { sql -> RefreshOutcome in
            guard let row = try await sql.raw("""
                SELECT t.session_id, t.used_at, s.revoked_at, s.expires_at
                FROM user_refresh_tokens t JOIN user_sessions s ON s.id = t.session_id
                WHERE t.token_hash = \(bind: presentedHash)
                """).first() else { return .invalid }
            let sessionID = try row.decode(column: "session_id", as: Int64.self)
            let revoked = try row.decode(column: "revoked_at", as: Int64?.self) != nil
            let expired = try row.decode(column: "expires_at", as: Int64.self) <= nowMs
            if revoked || expired { return .invalid }
            let spent = try await sql.raw("""
                UPDATE user_refresh_tokens SET used_at = \(bind: nowMs)
                WHERE token_hash = \(bind: presentedHash) AND used_at IS NULL
                RETURNING session_id
                """).first() == nil
            if spent {
                try await sql.raw("""
                    UPDATE user_sessions SET revoked_at = \(bind: nowMs) WHERE id = \(bind: sessionID) AND revoked_at IS NULL
                    """).run()
                return .reused(sessionID: Snowflake(rawValue: sessionID))
            }
            try await sql.raw("""
                INSERT INTO user_refresh_tokens (token_hash, session_id, created_at)
                VALUES (\(bind: newHash), \(bind: sessionID), \(bind: nowMs))
                """).run()
            guard let updated = try await sql.raw("""
                UPDATE user_sessions SET last_used_at = \(bind: nowMs), expires_at = \(bind: Milliseconds.from(newExpiry))
                WHERE id = \(bind: sessionID)
                RETURNING id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent
                """).first() else { return .invalid }
            return .rotated(try Self.decodeSession(updated))
        }
    }

    /// Revokes one session.
    public func revokeSession(id: Snowflake, userID: UserID, now: Date) async throws -> Bool {
        try await sql.raw("""
            UPDATE user_sessions SET revoked_at = \(bind: Milliseconds.from(now))
            WHERE id = \(bind: id.rawValue) AND user_id = \(bind: userID.rawValue) AND revoked_at IS NULL
            RETURNING id
            """).first() != nil
    }

    /// Revokes all sessions but one.
    public func revokeSessions(userID: UserID, keeping: Snowflake?, now: Date) async throws -> Int {
        let keep = keeping?.rawValue ?? -1
        return try await sql.raw("""
            UPDATE user_sessions SET revoked_at = \(bind: Milliseconds.from(now))
            WHERE user_id = \(bind: userID.rawValue) AND revoked_at IS NULL AND id <> \(bind: keep)
            RETURNING id
            """).all().count
    }

    /// Active sessions, newest first.
    public func activeSessions(userID: UserID, now: Date) async throws -> [SessionRecord] {
        try await sql.raw("""
            SELECT id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent FROM user_sessions
            WHERE user_id = \(bind: userID.rawValue) AND revoked_at IS NULL AND expires_at > \(bind: Milliseconds.from(now))
            ORDER BY id DESC
            """).all().map(Self.decodeSession)
    }
}
