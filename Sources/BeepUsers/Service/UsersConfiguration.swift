import BeepPlatformCore
import Foundation

/// Settings of the users service (defaults are production values).
public struct UsersConfiguration: Sendable {
    /// scrypt cost for new hashes. Defaults to OWASP's; lower only for tests, explicitly.
    public var passwordParameters: ScryptParameters
    /// Access token issuer, audience and lifetime (15 minutes).
    public var accessTokens: AccessTokenSettings
    /// Refresh token family lifetime, extended on each refresh (30 days).
    public var refreshTokenLifetime: TimeInterval
    /// How long a sign-in waits for its second factor (5 minutes).
    public var challengeLifetime: TimeInterval
    /// Failed codes allowed per challenge.
    public var challengeMaxAttempts: Int
    /// Issuer shown in authenticator apps.
    public var totpIssuer: String
    /// Sign-in attempts per email (burst, then one per 3 minutes).
    public var signInPerEmail: RateLimiter
    /// Sign-in attempts per client address (burst 30, then one per 2 s).
    public var signInPerClient: RateLimiter
    /// Sign-ups per client address (burst 10, then one per 6 minutes).
    public var signUpPerClient: RateLimiter
    /// Second-factor attempts per user (burst 10, then one per 90 s).
    public var secondFactorPerUser: RateLimiter

    /// Production defaults.
    public init(passwordParameters: ScryptParameters = .owasp,
                accessTokens: AccessTokenSettings = AccessTokenSettings(),
                refreshTokenLifetime: TimeInterval = 30 * 24 * 3600,
                challengeLifetime: TimeInterval = 300,
                challengeMaxAttempts: Int = 5,
                totpIssuer: String = "Beep",
                signInPerEmail: RateLimiter = RateLimiter(capacity: 5, refillPerSecond: 1.0 / 180),
                signInPerClient: RateLimiter = RateLimiter(capacity: 30, refillPerSecond: 0.5),
                signUpPerClient: RateLimiter = RateLimiter(capacity: 10, refillPerSecond: 1.0 / 360),
                secondFactorPerUser: RateLimiter = RateLimiter(capacity: 10, refillPerSecond: 1.0 / 90)) {
        self.passwordParameters = passwordParameters
        self.accessTokens = accessTokens
        self.refreshTokenLifetime = refreshTokenLifetime
        self.challengeLifetime = challengeLifetime
        self.challengeMaxAttempts = challengeMaxAttempts
        self.totpIssuer = totpIssuer
        self.signInPerEmail = signInPerEmail
        self.signInPerClient = signInPerClient
        self.signUpPerClient = signUpPerClient
        self.secondFactorPerUser = secondFactorPerUser
    }
}
