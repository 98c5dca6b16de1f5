import BeepPlatformCore
import Foundation

/// Everything the users service stores. ``SQLUserStore`` implements it on SQLite and
/// PostgreSQL; the conformance tests run against both.
///
/// Unique violations surface as `StorageError` `.uniqueViolation` on `users.username_key` or
/// `users.email_key`.
public protocol UserStore: Sendable {
    /// Applies the users migrations.
    func migrate() async throws

    // MARK: Users
    /// Inserts a new user.
    func createUser(_ user: UserRecord) async throws
    /// The user with `id`.
    func user(id: UserID) async throws -> UserRecord?
    /// The users among `ids` that exist (at most 100 ids), in no particular order.
    func users(ids: [UserID]) async throws -> [UserRecord]
    /// The user whose lowercased email is `emailKey`.
    func user(emailKey: String) async throws -> UserRecord?
    /// The users among lowercased usernames `usernameKeys` that exist (at most 100), in no order.
    func users(usernameKeys: [String]) async throws -> [UserRecord]
    /// Writes names, username, email and language of `user` (and `updatedAt`).
    func updateProfile(_ user: UserRecord) async throws
    /// Replaces the password hash.
    func updatePasswordHash(userID: UserID, hash: String, now: Date) async throws
    /// Replaces the picture key (`nil` removes it).
    func updatePicture(userID: UserID, key: String?, now: Date) async throws

    // MARK: Two-factor
    /// Stores (or clears) a secret awaiting confirmation.
    func setPendingTOTPSecret(userID: UserID, secret: String?) async throws
    /// Enables 2FA with a confirmed secret, the step of the confirming code and fresh
    /// recovery code hashes (replacing old ones).
    func enableTOTP(userID: UserID, secret: String, confirmedStep: Int64, recoveryCodeHashes: [String], now: Date) async throws
    /// Disables 2FA and deletes the recovery codes.
    func disableTOTP(userID: UserID) async throws
    /// Records `step` as used if it is after the last used one; false means replay.
    func consumeTOTPStep(userID: UserID, step: Int64) async throws -> Bool
    /// Marks an unused recovery code used; false if unknown or already used.
    func consumeRecoveryCode(userID: UserID, hash: String, now: Date) async throws -> Bool
    /// Unused recovery codes left.
    func remainingRecoveryCodes(userID: UserID) async throws -> Int
    /// Replaces all recovery codes.
    func replaceRecoveryCodes(userID: UserID, hashes: [String], now: Date) async throws

    // MARK: Sign-in challenges (password passed, second factor pending)
    /// Stores a challenge under the hash of its token.
    func createChallenge(tokenHash: String, challenge: SignInChallenge) async throws
    /// The challenge, if present.
    func challenge(tokenHash: String) async throws -> SignInChallenge?
    /// Counts a failed code; returns the new attempt count.
    func recordChallengeFailure(tokenHash: String) async throws -> Int
    /// Deletes a challenge (used, expired or exhausted).
    func deleteChallenge(tokenHash: String) async throws

    // MARK: Sessions and refresh tokens
    /// Starts a session whose first refresh token hashes to `refreshTokenHash`.
    func createSession(_ session: SessionRecord, refreshTokenHash: String) async throws
    /// The session with `id`.
    func session(id: Snowflake) async throws -> SessionRecord?
    /// Whether `id` belongs to `userID` and is active at `now`.
    func isSessionActive(id: Snowflake, userID: UserID, now: Date) async throws -> Bool
    /// Spends the refresh token hashing to `presentedHash` and stores `newHash` in its family;
    /// a token already spent revokes the family (refresh token reuse detection).
    func rotateRefreshToken(presentedHash: String, newHash: String, newExpiry: Date, now: Date) async throws -> RefreshOutcome
    /// Revokes one session of `userID`; false if it was not theirs or already revoked.
    func revokeSession(id: Snowflake, userID: UserID, now: Date) async throws -> Bool
    /// Revokes all sessions of `userID` except `keeping` (if given); returns how many.
    func revokeSessions(userID: UserID, keeping: Snowflake?, now: Date) async throws -> Int
    /// Active sessions of `userID`, newest first.
    func activeSessions(userID: UserID, now: Date) async throws -> [SessionRecord]
}
