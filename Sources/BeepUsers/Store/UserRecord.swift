import BeepPlatformCore
import Foundation

/// Interface languages (issue 8: English and French).
public enum Language: String, Codable, Sendable, CaseIterable, Equatable {
    /// English (default).
    case en
    /// French.
    case fr
}

/// A stored user (everything the users service keeps about an account).
public struct UserRecord: Sendable, Equatable {
    /// The id.
    public var id: UserID
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// Username as typed (unique case-insensitively through ``usernameKey``).
    public var username: String
    /// Email as typed (unique case-insensitively through ``emailKey``).
    public var email: String
    /// PHC string of the scrypt hash.
    public var passwordHash: String
    /// Interface language.
    public var language: Language
    /// File store key of the profile picture.
    public var pictureKey: String?
    /// Confirmed TOTP secret (base32) when 2FA is enabled.
    public var totpSecret: String?
    /// Secret awaiting confirmation by a first code.
    public var pendingTOTPSecret: String?
    /// Last accepted TOTP step: codes at or before it are refused (RFC 6238 §5.2).
    public var totpLastStep: Int64?
    /// Creation time.
    public var createdAt: Date
    /// Last profile change.
    public var updatedAt: Date

    /// Whether sign-in requires a second factor.
    public var twoFactorEnabled: Bool { totpSecret != nil }

    /// Lowercased username: the unique key.
    public var usernameKey: String { UserRecord.key(username) }
    /// Lowercased email: the unique key.
    public var emailKey: String { UserRecord.key(email) }

    /// The case-insensitive key of a username or email.
    public static func key(_ value: String) -> String { value.lowercased() }

    /// Creates a record.
    public init(id: UserID, firstName: String, lastName: String, username: String, email: String,
                passwordHash: String, language: Language, pictureKey: String? = nil, totpSecret: String? = nil,
                pendingTOTPSecret: String? = nil, totpLastStep: Int64? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.language = language
        self.pictureKey = pictureKey
        self.totpSecret = totpSecret
        self.pendingTOTPSecret = pendingTOTPSecret
        self.totpLastStep = totpLastStep
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A signed-in session: one refresh token family (rotated on every refresh).
public struct SessionRecord: Sendable, Equatable {
    /// The session id (`sid` in access tokens).
    public var id: Snowflake
    /// The owner.
    public var userID: UserID
    /// Sign-in time.
    public var createdAt: Date
    /// Last refresh.
    public var lastUsedAt: Date
    /// When the refresh token family expires.
    public var expiresAt: Date
    /// When it was signed out or revoked.
    public var revokedAt: Date?
    /// The client's User-Agent at sign-in (truncated), for the sessions list.
    public var userAgent: String

    /// Whether access tokens of this session are still accepted at `now`.
    public func isActive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }

    /// Creates a record.
    public init(id: Snowflake, userID: UserID, createdAt: Date, lastUsedAt: Date, expiresAt: Date,
                revokedAt: Date? = nil, userAgent: String) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.userAgent = userAgent
    }
}

/// The result of presenting a refresh token.
public enum RefreshOutcome: Sendable, Equatable {
    /// Accepted: the old token is spent and the new hash stored.
    case rotated(SessionRecord)
    /// The token had already been rotated: the whole family (session) is now revoked.
    case reused(sessionID: Snowflake)
    /// Unknown, expired or revoked.
    case invalid
}

/// A pending second-factor step of a sign-in.
public struct SignInChallenge: Sendable, Equatable {
    /// The user who passed the password step.
    public var userID: UserID
    /// Expiry.
    public var expiresAt: Date
    /// Failed codes so far.
    public var attempts: Int
}
