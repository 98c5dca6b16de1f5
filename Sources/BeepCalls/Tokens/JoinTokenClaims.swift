import JWTKit

/// The JWT claims of a join token (RFC 7519 §4; docs/signalling.md, "Join tokens").
///
/// `verify(using:)` checks only the audience: expiry is checked by ``JoinTokenVerifier``
/// against the `now` it is given, so no clock is read here.
public struct JoinTokenClaims: JWTPayload, Equatable {
    /// The audience every join token carries.
    public static let audience = "beep-call"

    /// `sub`: the stable identity of the user (RFC 7519 §4.1.2).
    public var sub: SubjectClaim
    /// `aud`: always ``audience`` (RFC 7519 §4.1.3).
    public var aud: AudienceClaim
    /// `iat`: issue time (RFC 7519 §4.1.6).
    public var iat: IssuedAtClaim
    /// `exp`: expiry (RFC 7519 §4.1.4).
    public var exp: ExpirationClaim
    /// The call room.
    public var room: String
    /// The display name.
    public var name: String
    /// Permission names; unknown names are ignored so older servers accept newer tokens.
    public var perms: [String]

    /// Creates claims.
    public init(sub: SubjectClaim, aud: AudienceClaim, iat: IssuedAtClaim, exp: ExpirationClaim,
                room: String, name: String, perms: [String]) {
        self.sub = sub
        self.aud = aud
        self.iat = iat
        self.exp = exp
        self.room = room
        self.name = name
        self.perms = perms
    }

    /// Checks the audience (RFC 7519 §4.1.3); used when jwt-kit verifies a token.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try aud.verifyIntendedAudience(includes: Self.audience)
    }
}
