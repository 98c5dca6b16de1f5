import Crypto
import Foundation
import JWTKit

/// Verifies access tokens synchronously, without calling the users service: compact JWS
/// structure (RFC 7515 §7.1), `alg` pinned to EdDSA (RFC 8725 §3.1), `kid` among the known
/// keys (e.g. from `/.well-known/jwks.json`), Ed25519 signature (RFC 8037 §3.1), then `iss`,
/// `aud`, `typ` and `exp` against an explicit `now` (RFC 7519 §4.1).
public struct AccessTokenVerifier: Sendable {
    /// Longest token accepted (bytes); longer input is refused before parsing.
    public static let maximumTokenLength = 4096

    private let keys: [String: Curve25519.Signing.PublicKey]
    /// Issuer and audience expected.
    public let settings: AccessTokenSettings

    /// Creates a verifier trusting `publicKeys`.
    public init(publicKeys: [Curve25519.Signing.PublicKey], settings: AccessTokenSettings = AccessTokenSettings()) {
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for key in publicKeys { keys[AccessTokenSigningKey.keyID(for: key)] = key }
        self.keys = keys
        self.settings = settings
    }

    /// Creates a verifier from a JWKS (non-Ed25519 keys are ignored).
    public init(jwks: PublicJWKSet, settings: AccessTokenSettings = AccessTokenSettings()) {
        self.init(publicKeys: jwks.keys.compactMap(\.publicKey), settings: settings)
    }

    /// The JOSE header fields the verifier reads (RFC 7515 §4.1).
    private struct ProtectedHeader: Decodable {
        var alg: String?
        var kid: String?
    }

    /// The claims of a valid access token at `now`.
    public func verify(_ token: String, now: Date) throws(AccessTokenError) -> AccessTokenClaims {
        let bytes = Array(token.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maximumTokenLength else {
            throw AccessTokenError(.malformed, "empty or longer than \(Self.maximumTokenLength) bytes")
        }
        let parser = DefaultJWTParser()
        let header: ProtectedHeader
        let signingInput: [UInt8]
        do {
            let parts = try parser.getTokenParts(bytes)
            signingInput = Array(parts.header) + Array(".".utf8) + Array(parts.payload)
            guard let headerJSON = Base64URL.decode(String(decoding: parts.header, as: UTF8.self)) else {
                throw AccessTokenError(.malformed, "header is not base64url")
            }
            header = try JSONDecoder().decode(ProtectedHeader.self, from: headerJSON)
        } catch {
            throw AccessTokenError(.malformed, "not a compact JWS")
        }
        guard header.alg == "EdDSA" else {
            throw AccessTokenError(.algorithm, "alg \(header.alg ?? "missing") is not EdDSA")
        }
        guard let kid = header.kid, let key = keys[kid] else {
            throw AccessTokenError(.unknownKey, "kid \(header.kid ?? "missing") is not trusted")
        }
        let claims: AccessTokenClaims
        let signature: Data
        do {
            (_, claims, signature) = try parser.parse(bytes, as: AccessTokenClaims.self)
        } catch {
            throw AccessTokenError(.malformed, "payload is not access token claims")
        }
        guard key.isValidSignature(signature, for: signingInput) else {
            throw AccessTokenError(.badSignature, "signature does not verify")
        }
        guard claims.iss.value == settings.issuer else {
            throw AccessTokenError(.wrongIssuer, "iss \(claims.iss.value)")
        }
        guard claims.aud.value.contains(settings.audience) else {
            throw AccessTokenError(.wrongAudience, "aud \(claims.aud.value)")
        }
        guard claims.typ == AccessTokenClaims.accessType else {
            throw AccessTokenError(.wrongType, "typ \(claims.typ)")
        }
        guard claims.exp.value > now else {
            throw AccessTokenError(.expired, "expired at \(claims.exp.value)")
        }
        guard Snowflake(claims.sub.value) != nil, Snowflake(claims.sid) != nil else {
            throw AccessTokenError(.malformed, "sub or sid is not an id")
        }
        return claims
    }
}
