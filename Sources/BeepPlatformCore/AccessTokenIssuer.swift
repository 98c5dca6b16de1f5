import Crypto
import Foundation
import JWTKit

/// Mints EdDSA access tokens (header `{"alg":"EdDSA","typ":"JWT","kid":...}`).
public struct AccessTokenIssuer: Sendable {
    /// The signing key.
    public let key: AccessTokenSigningKey
    /// Issuer, audience, lifetime.
    public let settings: AccessTokenSettings

    /// Creates an issuer.
    public init(key: AccessTokenSigningKey, settings: AccessTokenSettings = AccessTokenSettings()) {
        self.key = key
        self.settings = settings
    }

    /// Signs an access token for `user` in `session`, valid from `now` for `settings.lifetime`.
    public func issue(user: UserID, session: Snowflake, now: Date) async throws -> (token: String, expiresAt: Date) {
        let expiresAt = now.addingTimeInterval(settings.lifetime)
        let claims = AccessTokenClaims(iss: settings.issuer, aud: settings.audience, sub: user.description,
                                       exp: expiresAt, iat: now, typ: AccessTokenClaims.accessType,
                                       sid: session.description)
        return (try await Self.sign(claims, with: key), expiresAt)
    }

    /// Signs any payload with `key` (EdDSA, `kid` set). Exposed for tests and other token types.
    public static func sign(_ payload: some JWTPayload, with key: AccessTokenSigningKey) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: EdDSA.PrivateKey(backing: key.privateKey), kid: JWKIdentifier(string: key.kid))
        var header = JWTHeader()
        header.typ = "JWT"
        return try await keys.sign(payload, kid: JWKIdentifier(string: key.kid), header: header)
    }

    /// The JWKS with this issuer's public key.
    public var jwks: PublicJWKSet {
        PublicJWKSet(keys: [PublicJWK(publicKey: key.privateKey.publicKey)])
    }

    /// A verifier for the tokens this issuer mints.
    public var verifier: AccessTokenVerifier {
        AccessTokenVerifier(publicKeys: [key.privateKey.publicKey], settings: settings)
    }
}
