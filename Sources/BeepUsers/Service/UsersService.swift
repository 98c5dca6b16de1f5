import BeepPlatformCore
import BeepStorage
import Foundation
import Logging

/// Accounts, sign-in with optional TOTP, sessions with rotating refresh tokens, and profiles
/// (issue 8 items 2 and 3). Every failure is an ``APIError`` ready for the HTTP edge.
public struct UsersService: Sendable {
    /// Storage.
    public let store: any UserStore
    /// Profile pictures.
    public let files: any FileStore
    /// Settings.
    public let configuration: UsersConfiguration
    /// Mints access tokens; its public key is the JWKS.
    public let issuer: AccessTokenIssuer
    let hasher: PasswordHasher
    let ids: SnowflakeGenerator
    let logger: Logger
    /// A hash of a random password, verified when the email is unknown so that sign-in takes
    /// the same time whether or not the account exists.
    let decoyHash: String

    /// Creates the service (migrations are the caller's: `store.migrate()`).
    public init(store: any UserStore, files: any FileStore, signingKey: AccessTokenSigningKey,
                configuration: UsersConfiguration = UsersConfiguration(), ids: SnowflakeGenerator = SnowflakeGenerator(),
                logger: Logger) async throws {
        self.store = store
        self.files = files
        self.configuration = configuration
        self.issuer = AccessTokenIssuer(key: signingKey, settings: configuration.accessTokens)
        self.hasher = PasswordHasher(parameters: configuration.passwordParameters)
        self.ids = ids
        self.logger = logger
        self.decoyHash = try await hasher.hash(SecretToken.random())
    }

    /// The verifier other services (and the middleware) use.
    public var verifier: AccessTokenVerifier { issuer.verifier }

    /// The middleware for `/api/v1`: verifies the token and that its session is still active.
    public func middleware(clock: @escaping @Sendable () -> Date = { Date() }) -> AccessTokenMiddleware {
        let store = self.store
        return AccessTokenMiddleware(verifier: verifier, sessionCheck: { user, session in
            try await store.isSessionActive(id: session, userID: user, now: clock())
        }, clock: clock)
    }

    // MARK: Sign-up and sign-in

    /// Creates an account and signs it in.
    /// - Throws: 400 per field, 409 on a taken username or email, 429 past the per-client limit.
    public func signUp(_ request: SignUpRequest, client: String, userAgent: String, now: Date) async throws -> AuthResponse {
        try configuration.signUpPerClient.check("signup:\(client)", now: now)
        let firstName = try Validation.name(request.firstName, field: "firstName")
        let lastName = try Validation.name(request.lastName, field: "lastName")
        let username = try Validation.username(request.username)
        let email = try Validation.email(request.email)
        let password = try Validation.password(request.password)
        let language = try Validation.language(request.language)
        let user = UserRecord(id: ids.next(now: now), firstName: firstName, lastName: lastName, username: username,
                              email: email, passwordHash: try await hasher.hash(password), language: language,
                              createdAt: now, updatedAt: now)
        do {
            try await store.createUser(user)
        } catch let error as StorageError {
            throw Self.conflict(error) ?? error
        }
        logger.info("user signed up", metadata: ["user": "\(user.id)"])
        return try await signedIn(user, userAgent: userAgent, now: now)
    }

    /// Checks email and password. The answer never tells whether the email exists: unknown
    /// email and wrong password give the same 401 after the same work.
    public func signIn(_ request: SignInRequest, client: String, userAgent: String, now: Date) async throws -> AuthResponse {
        let emailKey = UserRecord.key(request.email.trimmingCharacters(in: .whitespacesAndNewlines))
        try configuration.signInPerClient.check("signin:\(client)", now: now)
        try configuration.signInPerEmail.check("signin:\(emailKey)", now: now)
        guard request.password.utf8.count <= 512, emailKey.utf8.count <= 254 else { throw Self.badCredentials }
        let user = try await store.user(emailKey: emailKey)
        let matches = try await hasher.verify(request.password, against: user?.passwordHash ?? decoyHash)
        guard let user, matches else { throw Self.badCredentials }
        configuration.signInPerEmail.reset("signin:\(emailKey)")
        if hasher.needsRehash(user.passwordHash) {
            try await store.updatePasswordHash(userID: user.id, hash: try await hasher.hash(request.password), now: now)
        }
        guard user.twoFactorEnabled else { return try await signedIn(user, userAgent: userAgent, now: now) }
        let challenge = SecretToken.random()
        try await store.createChallenge(tokenHash: SecretToken.storedHash(challenge),
                                        challenge: SignInChallenge(userID: user.id,
                                                                   expiresAt: now.addingTimeInterval(configuration.challengeLifetime),
                                                                   attempts: 0))
        return AuthResponse(status: "two_factor_required", user: nil, tokens: nil, challenge: challenge)
    }

    /// Completes a sign-in with a TOTP code (each step usable once) or a recovery code (once).
    public func signInSecondFactor(_ request: SecondFactorRequest, userAgent: String, now: Date) async throws -> AuthResponse {
        let tokenHash = SecretToken.storedHash(request.challenge)
        guard request.challenge.utf8.count <= 128, let challenge = try await store.challenge(tokenHash: tokenHash) else {
            throw APIError.unauthorized("Sign-in challenge is invalid or expired.")
        }
        guard challenge.expiresAt > now, challenge.attempts < configuration.challengeMaxAttempts else {
            try await store.deleteChallenge(tokenHash: tokenHash)
            throw APIError.unauthorized("Sign-in challenge is invalid or expired.")
        }
        try configuration.secondFactorPerUser.check("2fa:\(challenge.userID)", now: now)
        guard let user = try await store.user(id: challenge.userID) else {
            throw APIError.unauthorized("Sign-in challenge is invalid or expired.")
        }
        let accepted: Bool
        if let code = request.code {
            accepted = try await acceptTOTP(code, for: user, now: now)
        } else if let recovery = request.recoveryCode {
            accepted = try await acceptRecoveryCode(recovery, for: user, now: now)
        } else {
            throw APIError.invalid(field: "code", message: "code or recoveryCode is required.")
        }
        guard accepted else {
            let attempts = try await store.recordChallengeFailure(tokenHash: tokenHash)
            if attempts >= configuration.challengeMaxAttempts { try await store.deleteChallenge(tokenHash: tokenHash) }
            throw APIError.unauthorized("Invalid code.")
        }
        try await store.deleteChallenge(tokenHash: tokenHash)
        return try await signedIn(user, userAgent: userAgent, now: now)
    }

    /// Spends a refresh token and returns a new pair; a reused token revokes its session.
    public func refresh(_ request: RefreshRequest, now: Date) async throws -> TokenPair {
        guard request.refreshToken.utf8.count <= 256 else { throw APIError.unauthorized("Invalid refresh token.") }
        let next = SecretToken.random()
        let outcome = try await store.rotateRefreshToken(presentedHash: SecretToken.storedHash(request.refreshToken),
                                                         newHash: SecretToken.storedHash(next),
                                                         newExpiry: now.addingTimeInterval(configuration.refreshTokenLifetime),
                                                         now: now)
        switch outcome {
        case .rotated(let session):
            let access = try await issuer.issue(user: session.userID, session: session.id, now: now)
            return TokenPair(accessToken: access.token, tokenType: "Bearer",
                             expiresIn: Int(configuration.accessTokens.lifetime), refreshToken: next)
        case .reused(let sessionID):
            logger.warning("refresh token reuse: session revoked", metadata: ["session": "\(sessionID)"])
            throw APIError.unauthorized("Invalid refresh token.")
        case .invalid:
            throw APIError.unauthorized("Invalid refresh token.")
        }
    }

    /// Ends the current session.
    public func signOut(user: UserID, session: Snowflake, now: Date) async throws {
        _ = try await store.revokeSession(id: session, userID: user, now: now)
    }

    /// Ends every session of the user, this one included.
    public func signOutEverywhere(user: UserID, now: Date) async throws {
        _ = try await store.revokeSessions(userID: user, keeping: nil, now: now)
    }

    /// Active sessions of the user.
    public func sessions(user: UserID, current: Snowflake?, now: Date) async throws -> SessionsResponse {
        let sessions = try await store.activeSessions(userID: user, now: now)
        return SessionsResponse(sessions: sessions.map {
            SessionView(id: $0.id, createdAt: Self.iso($0.createdAt), lastUsedAt: Self.iso($0.lastUsedAt),
                        userAgent: $0.userAgent, current: $0.id == current)
        })
    }

    // MARK: Two-factor

    /// Starts enabling 2FA: a new secret (pending until ``enableTwoFactor(user:code:now:)``).
    /// - Throws: 409 when 2FA is already enabled.
    public func setUpTwoFactor(user id: UserID) async throws -> TwoFactorSetup {
        let user = try await requireUser(id)
        guard !user.twoFactorEnabled else {
            throw APIError.conflict(field: nil, message: "Two-factor authentication is already enabled.")
        }
        let totp = TOTP(secret: TOTP.randomSecret())
        let secret = Base32.encode(totp.secret)
        try await store.setPendingTOTPSecret(userID: id, secret: secret)
        let uri = totp.provisioningURI(account: user.email, issuer: configuration.totpIssuer)
        return TwoFactorSetup(secret: secret, otpauthURI: uri, qrCodeSVG: QRCode(text: uri)?.svg())
    }

    /// Confirms the pending secret with a first code; returns the recovery codes (shown once).
    public func enableTwoFactor(user id: UserID, code: String, now: Date) async throws -> RecoveryCodesResponse {
        let user = try await requireUser(id)
        guard !user.twoFactorEnabled else {
            throw APIError.conflict(field: nil, message: "Two-factor authentication is already enabled.")
        }
        guard let pending = user.pendingTOTPSecret, let secret = Base32.decode(pending) else {
            throw APIError.invalid(field: nil, message: "Call /auth/two-factor/setup first.")
        }
        try configuration.secondFactorPerUser.check("2fa:\(id)", now: now)
        guard let step = TOTP(secret: secret).matchingStep(for: code, at: now) else {
            throw APIError.invalid(field: "code", message: "The code is not valid.")
        }
        let codes = RecoveryCodes.generate()
        try await store.enableTOTP(userID: id, secret: pending, confirmedStep: step,
                                   recoveryCodeHashes: codes.compactMap(RecoveryCodes.normalise).map(RecoveryCodes.storedHash),
                                   now: now)
        return RecoveryCodesResponse(recoveryCodes: codes)
    }

    /// Turns 2FA off (needs the password and a current code).
    public func disableTwoFactor(user id: UserID, password: String, code: String, now: Date) async throws {
        let user = try await requireUser(id)
        guard user.twoFactorEnabled else { throw APIError.invalid(field: nil, message: "Two-factor authentication is not enabled.") }
        try configuration.secondFactorPerUser.check("2fa:\(id)", now: now)
        guard try await hasher.verify(password, against: user.passwordHash) else {
            throw APIError.forbidden("The password is incorrect.")
        }
        guard try await acceptTOTP(code, for: user, now: now) else {
            throw APIError.forbidden("The code is not valid.")
        }
        try await store.disableTOTP(userID: id)
    }

    /// New recovery codes (old ones stop working); needs a current code.
    public func regenerateRecoveryCodes(user id: UserID, code: String, now: Date) async throws -> RecoveryCodesResponse {
        let user = try await requireUser(id)
        guard user.twoFactorEnabled else { throw APIError.invalid(field: nil, message: "Two-factor authentication is not enabled.") }
        try configuration.secondFactorPerUser.check("2fa:\(id)", now: now)
        guard try await acceptTOTP(code, for: user, now: now) else { throw APIError.forbidden("The code is not valid.") }
        let codes = RecoveryCodes.generate()
        try await store.replaceRecoveryCodes(userID: id,
                                             hashes: codes.compactMap(RecoveryCodes.normalise).map(RecoveryCodes.storedHash),
                                             now: now)
        return RecoveryCodesResponse(recoveryCodes: codes)
    }

    func acceptTOTP(_ code: String, for user: UserRecord, now: Date) async throws -> Bool {
        guard let encoded = user.totpSecret, let secret = Base32.decode(encoded),
              let step = TOTP(secret: secret).matchingStep(for: code.trimmingCharacters(in: .whitespaces), at: now)
        else { return false }
        return try await store.consumeTOTPStep(userID: user.id, step: step)
    }

    func acceptRecoveryCode(_ code: String, for user: UserRecord, now: Date) async throws -> Bool {
        guard user.twoFactorEnabled, let normalised = RecoveryCodes.normalise(code) else { return false }
        return try await store.consumeRecoveryCode(userID: user.id, hash: RecoveryCodes.storedHash(normalised), now: now)
    }

    // MARK: Profiles

    /// The signed-in user's profile.
    public func profile(user id: UserID) async throws -> UserProfile {
        Self.profile(try await requireUser(id))
    }

    /// Another user's public profile (404 when unknown).
    public func publicProfile(_ id: UserID) async throws -> PublicUser {
        guard let user = try await store.user(id: id) else { throw APIError.notFound("User") }
        return PublicUser(id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName,
                          pictureURL: Self.pictureURL(user))
    }

    /// Public profiles of the existing users among `ids` (at most 100), in the order asked;
    /// unknown ids are left out. For other services' member lists and mentions.
    public func publicProfiles(_ ids: [UserID]) async throws -> [PublicUser] {
        let found = try await store.users(ids: ids)
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<UserID> = []
        return ids.compactMap { id in
            guard seen.insert(id).inserted, let user = byID[id] else { return nil }
            return PublicUser(id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName,
                              pictureURL: Self.pictureURL(user))
        }
    }

    /// Applies the given profile changes. Changing the email needs the current password (403 if wrong).
    public func updateProfile(user id: UserID, _ request: UpdateProfileRequest, now: Date) async throws -> UserProfile {
        var user = try await requireUser(id)
        if let firstName = request.firstName { user.firstName = try Validation.name(firstName, field: "firstName") }
        if let lastName = request.lastName { user.lastName = try Validation.name(lastName, field: "lastName") }
        if let username = request.username { user.username = try Validation.username(username) }
        if let language = request.language { user.language = try Validation.language(language) }
        if let email = request.email {
            let email = try Validation.email(email)
            if UserRecord.key(email) != user.emailKey {
                guard let password = request.currentPassword else {
                    throw APIError.invalid(field: "currentPassword", message: "currentPassword is required to change the email.")
                }
                guard try await hasher.verify(password, against: user.passwordHash) else {
                    throw APIError.forbidden("The current password is incorrect.")
                }
            }
            user.email = email
        }
        user.updatedAt = now
        do {
            try await store.updateProfile(user)
        } catch let error as StorageError {
            throw Self.conflict(error) ?? error
        }
        return Self.profile(user)
    }

    /// Changes the password and ends every other session.
    public func changePassword(user id: UserID, session: Snowflake, _ request: ChangePasswordRequest, now: Date) async throws {
        let user = try await requireUser(id)
        let newPassword = try Validation.password(request.newPassword, field: "newPassword")
        try configuration.signInPerEmail.check("signin:\(user.emailKey)", now: now)
        guard try await hasher.verify(request.currentPassword, against: user.passwordHash) else {
            throw APIError.forbidden("The current password is incorrect.")
        }
        try await store.updatePasswordHash(userID: id, hash: try await hasher.hash(newPassword), now: now)
        _ = try await store.revokeSessions(userID: id, keeping: session, now: now)
    }

    /// Stores a new picture (PNG, JPEG, WebP or GIF by content, at most 2 MiB).
    public func setPicture(user id: UserID, data: Data, now: Date) async throws -> UserProfile {
        var user = try await requireUser(id)
        guard data.count <= PictureFormat.maxBytes else { throw APIError.payloadTooLarge(maxBytes: PictureFormat.maxBytes) }
        guard let format = PictureFormat.detect(data) else {
            throw APIError.invalid(field: "picture", message: "The picture must be PNG, JPEG, WebP or GIF.")
        }
        let key = "avatars/\(id)/\(ids.next(now: now)).\(format.rawValue)"
        try await files.put(data, key: key)
        try await store.updatePicture(userID: id, key: key, now: now)
        if let old = user.pictureKey { try? await files.delete(old) }
        user.pictureKey = key
        return Self.profile(user)
    }

    /// Removes the picture.
    public func deletePicture(user id: UserID, now: Date) async throws {
        let user = try await requireUser(id)
        try await store.updatePicture(userID: id, key: nil, now: now)
        if let old = user.pictureKey { try? await files.delete(old) }
    }

    /// The picture bytes and MIME type of a user (404 when none).
    public func picture(of id: UserID) async throws -> (data: Data, contentType: String) {
        guard let user = try await store.user(id: id), let key = user.pictureKey,
              let format = PictureFormat.of(key: key), let data = try await files.get(key)
        else { throw APIError.notFound("Picture") }
        return (data, format.contentType)
    }

    // MARK: Helpers

    static let badCredentials = APIError.unauthorized("Invalid email or password.")

    func requireUser(_ id: UserID) async throws -> UserRecord {
        guard let user = try await store.user(id: id) else { throw APIError.unauthorized() }
        return user
    }

    func signedIn(_ user: UserRecord, userAgent: String, now: Date) async throws -> AuthResponse {
        let refreshToken = SecretToken.random()
        let session = SessionRecord(id: ids.next(now: now), userID: user.id, createdAt: now, lastUsedAt: now,
                                    expiresAt: now.addingTimeInterval(configuration.refreshTokenLifetime),
                                    userAgent: String(userAgent.prefix(200)))
        try await store.createSession(session, refreshTokenHash: SecretToken.storedHash(refreshToken))
        let access = try await issuer.issue(user: user.id, session: session.id, now: now)
        let tokens = TokenPair(accessToken: access.token, tokenType: "Bearer",
                               expiresIn: Int(configuration.accessTokens.lifetime), refreshToken: refreshToken)
        return AuthResponse(status: "signed_in", user: Self.profile(user), tokens: tokens, challenge: nil)
    }

    static func conflict(_ error: StorageError) -> APIError? {
        if error.isUniqueViolation(column: "username_key") {
            return APIError.conflict(field: "username", message: "This username is taken.")
        }
        if error.isUniqueViolation(column: "email_key") {
            return APIError.conflict(field: "email", message: "An account already uses this email.")
        }
        return nil
    }

    static func profile(_ user: UserRecord) -> UserProfile {
        UserProfile(id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName,
                    email: user.email, language: user.language, twoFactorEnabled: user.twoFactorEnabled,
                    pictureURL: pictureURL(user), createdAt: iso(user.createdAt))
    }

    static func pictureURL(_ user: UserRecord) -> String? {
        guard let key = user.pictureKey else { return nil }
        let version = key.split(separator: "/").last.map { String($0.split(separator: ".").first ?? "") } ?? ""
        return "/api/v1/users/\(user.id)/picture?v=\(version)"
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
