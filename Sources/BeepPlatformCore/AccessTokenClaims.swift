import Foundation
import JWTKit

/// The claims of a Beep access token (RFC 7519 §4.1), signed with EdDSA (RFC 8037).
///
/// `typ` is a private claim that separates access tokens from every other token Beep signs
/// with the same key, so a token minted for another purpose never authenticates an API call.
public struct AccessTokenClaims: JWTPayload, Sendable, Equatable {
    /// The only accepted `typ` value.
    public static let accessType = "access"

    /// Issuer (RFC 7519 §4.1.1).
    public var iss: IssuerClaim
    /// Audience (RFC 7519 §4.1.3).
    public var aud: AudienceClaim
    /// Subject: the user id in decimal (RFC 7519 §4.1.2).
    public var sub: SubjectClaim
    /// Expiry (RFC 7519 §4.1.4).
    public var exp: ExpirationClaim
    /// Issued at (RFC 7519 §4.1.6).
    public var iat: IssuedAtClaim
    /// Token type; `access` for access tokens.
    public var typ: String
    /// The session (refresh token family) the token was minted for, in decimal.
    public var sid: String

    /// Creates claims.
    public init(iss: String, aud: String, sub: String, exp: Date, iat: Date, typ: String, sid: String) {
        self.iss = IssuerClaim(value: iss)
        self.aud = AudienceClaim(value: [aud])
        self.sub = SubjectClaim(value: sub)
        self.exp = ExpirationClaim(value: exp)
        self.iat = IssuedAtClaim(value: iat)
        self.typ = typ
        self.sid = sid
    }

    /// Nothing here: ``AccessTokenVerifier`` checks every claim against an explicit `now`.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
