import Crypto
import Foundation
import JWTKit

/// Checks join tokens synchronously: compact JWS structure and `alg` (RFC 7515 §5.2),
/// Ed25519 signature (RFC 8037 §3.1), audience, expiry against the given `now`
/// (RFC 7519 §4.1.4) and room.
///
/// Parsing uses jwt-kit's `DefaultJWTParser`; the signature is checked with swift-crypto
/// directly so that verification needs no actor hop and no clock read.
public struct JoinTokenVerifier: Sendable {
    /// The public half of the signing key.
    public let publicKey: Curve25519.Signing.PublicKey

    /// Creates a verifier for tokens signed by the private key of `publicKey`.
    public init(publicKey: Curve25519.Signing.PublicKey) {
        self.publicKey = publicKey
    }

    /// Verifies `token` for `room` at time `now` and returns what it grants.
    public func verify(_ token: String, room: String, now: Date) throws(JoinTokenError) -> JoinGrant {
        let bytes = Array(token.utf8)
        guard bytes.count <= SignallingLimits.maximumTokenLength else {
            throw JoinTokenError(.malformed, "token longer than \(SignallingLimits.maximumTokenLength) bytes")
        }
        let parser = DefaultJWTParser()
        let parsed: (header: JWTHeader, payload: JoinTokenClaims, signature: Data)
        let signingInput: [UInt8]
        do {
            let parts = try parser.getTokenParts(bytes)
            signingInput = Array(parts.header) + Array(".".utf8) + Array(parts.payload)
            parsed = try parser.parse(bytes, as: JoinTokenClaims.self)
        } catch {
            throw JoinTokenError(.malformed, "token is not a JWT with join claims")
        }
        guard parsed.header.alg == "EdDSA" else {
            throw JoinTokenError(.malformed, "token algorithm must be EdDSA")
        }
        guard publicKey.isValidSignature(parsed.signature, for: signingInput) else {
            throw JoinTokenError(.badSignature, "token signature is invalid")
        }
        let claims = parsed.payload
        guard claims.aud.value.contains(JoinTokenClaims.audience) else {
            throw JoinTokenError(.malformed, "token audience is not \(JoinTokenClaims.audience)")
        }
        guard claims.exp.value > now else {
            throw JoinTokenError(.expired, "token expired")
        }
        guard claims.room == room else {
            throw JoinTokenError(.wrongRoom, "token is for another room")
        }
        let identity = claims.sub.value
        guard !identity.isEmpty, identity.utf8.count <= SignallingLimits.maximumNameLength,
              claims.name.utf8.count <= SignallingLimits.maximumNameLength
        else {
            throw JoinTokenError(.malformed, "token identity or name is empty or too long")
        }
        return JoinGrant(room: claims.room, identity: identity,
                         name: claims.name.isEmpty ? identity : claims.name,
                         permissions: Set(claims.perms.compactMap(CallPermission.init(rawValue:))),
                         expiresAt: claims.exp.value)
    }
}
