import BeepPlatformCore
import Foundation
import Hummingbird

/// `POST /auth/sign-up` body.
public struct SignUpRequest: Codable, Sendable {
    /// First name (1-64 characters).
    public var firstName: String
    /// Last name (1-64 characters).
    public var lastName: String
    /// Username (2-32 of `A-Za-z0-9_.`), unique case-insensitively.
    public var username: String
    /// Email, unique case-insensitively.
    public var email: String
    /// Password (8-128 characters).
    public var password: String
    /// `en` (default) or `fr`.
    public var language: String?

    /// Creates a request.
    public init(firstName: String, lastName: String, username: String, email: String, password: String, language: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.email = email
        self.password = password
        self.language = language
    }
}

/// `POST /auth/sign-in` body.
public struct SignInRequest: Codable, Sendable {
    /// Email.
    public var email: String
    /// Password.
    public var password: String
    /// Creates a request.
    public init(email: String, password: String) {
        self.email = email
        self.password = password
    }
}

/// `POST /auth/sign-in/two-factor` body: the challenge and either a TOTP code or a recovery code.
public struct SecondFactorRequest: Codable, Sendable {
    /// The challenge from the sign-in response.
    public var challenge: String
    /// A 6-digit TOTP code.
    public var code: String?
    /// A recovery code (`xxxxx-xxxxx`).
    public var recoveryCode: String?
    /// Creates a request.
    public init(challenge: String, code: String? = nil, recoveryCode: String? = nil) {
        self.challenge = challenge
        self.code = code
        self.recoveryCode = recoveryCode
    }
}

/// `POST /auth/refresh` body.
public struct RefreshRequest: Codable, Sendable {
    /// The current refresh token (spent by this call).
    public var refreshToken: String
    /// Creates a request.
    public init(refreshToken: String) { self.refreshToken = refreshToken }
}

/// `PATCH /users/me` body: every field optional.
public struct UpdateProfileRequest: Codable, Sendable {
    /// New first name.
    public var firstName: String?
    /// New last name.
    public var lastName: String?
    /// New username.
    public var username: String?
    /// New email (needs `currentPassword`).
    public var email: String?
    /// `en` or `fr`.
    public var language: String?
    /// Required when changing the email.
    public var currentPassword: String?
    /// Creates a request.
    public init(firstName: String? = nil, lastName: String? = nil, username: String? = nil, email: String? = nil,
                language: String? = nil, currentPassword: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.email = email
        self.language = language
        self.currentPassword = currentPassword
    }
}

/// `PUT /users/me/password` body.
public struct ChangePasswordRequest: Codable, Sendable {
    /// The current password.
    public var currentPassword: String
    /// The new password (8-128 characters).
    public var newPassword: String
    /// Creates a request.
    public init(currentPassword: String, newPassword: String) {
        self.currentPassword = currentPassword
        self.newPassword = newPassword
    }
}

/// `POST /auth/two-factor/enable` and `/recovery-codes` body.
public struct TwoFactorCodeRequest: Codable, Sendable {
    /// A current TOTP code.
    public var code: String
    /// Creates a request.
    public init(code: String) { self.code = code }
}

/// `POST /auth/two-factor/disable` body.
public struct DisableTwoFactorRequest: Codable, Sendable {
    /// The account password.
    public var password: String
    /// A current TOTP code.
    public var code: String
    /// Creates a request.
    public init(password: String, code: String) {
        self.password = password
        self.code = code
    }
}

/// The signed-in user's own profile.
public struct UserProfile: Codable, Sendable, Equatable, ResponseEncodable {
    /// Id (string).
    public var id: UserID
    /// Username.
    public var username: String
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// Email.
    public var email: String
    /// `en` or `fr`.
    public var language: Language
    /// Whether sign-in asks for a TOTP code.
    public var twoFactorEnabled: Bool
    /// URL of the picture, if any.
    public var pictureURL: String?
    /// ISO 8601 creation time.
    public var createdAt: String
}

/// Another user's public profile (no email).
public struct PublicUser: Codable, Sendable, Equatable, ResponseEncodable {
    /// Id (string).
    public var id: UserID
    /// Username.
    public var username: String
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// URL of the picture, if any.
    public var pictureURL: String?
}

/// Tokens returned by sign-up, sign-in and refresh.
public struct TokenPair: Codable, Sendable, Equatable, ResponseEncodable {
    /// EdDSA JWT for `Authorization: Bearer`.
    public var accessToken: String
    /// Always `Bearer`.
    public var tokenType: String
    /// Seconds until the access token expires.
    public var expiresIn: Int
    /// Opaque single-use refresh token (rotated by `/auth/refresh`).
    public var refreshToken: String
}

/// Sign-in and sign-up result: tokens, or a second-factor challenge.
public struct AuthResponse: Codable, Sendable, Equatable, ResponseEncodable {
    /// `signed_in` or `two_factor_required`.
    public var status: String
    /// The user (when signed in).
    public var user: UserProfile?
    /// The tokens (when signed in).
    public var tokens: TokenPair?
    /// Pass to `/auth/sign-in/two-factor` (when a second factor is required); valid 5 minutes.
    public var challenge: String?
}

/// `POST /auth/two-factor/setup` result.
public struct TwoFactorSetup: Codable, Sendable, Equatable, ResponseEncodable {
    /// The base32 secret, for manual entry.
    public var secret: String
    /// The `otpauth://` URI.
    public var otpauthURI: String
    /// The URI as a QR code (SVG), or `nil` when the URI is too long for version 10 (213 bytes).
    public var qrCodeSVG: String?
}

/// Recovery codes, shown once.
public struct RecoveryCodesResponse: Codable, Sendable, Equatable, ResponseEncodable {
    /// The codes (`xxxxx-xxxxx`), each usable once.
    public var recoveryCodes: [String]
}

/// One active session in `GET /auth/sessions`.
public struct SessionView: Codable, Sendable, Equatable {
    /// Session id.
    public var id: Snowflake
    /// ISO 8601 sign-in time.
    public var createdAt: String
    /// ISO 8601 last refresh.
    public var lastUsedAt: String
    /// User-Agent at sign-in.
    public var userAgent: String
    /// Whether this is the session making the request.
    public var current: Bool
}

/// `GET /auth/sessions` result.
public struct SessionsResponse: Codable, Sendable, Equatable, ResponseEncodable {
    /// Active sessions, newest first.
    public var sessions: [SessionView]
}

/// Empty success body (`{"ok":true}`).
public struct OKResponse: Codable, Sendable, Equatable, ResponseEncodable {
    /// Always true.
    public var ok: Bool = true
    /// Creates the body.
    public init() {}
}
