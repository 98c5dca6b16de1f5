import Crypto
import Foundation

/// Settings shared by the access token issuer and every verifier.
public struct AccessTokenSettings: Sendable, Equatable {
    /// `iss` of every access token.
    public var issuer: String
    /// `aud` of every access token (the Beep API).
    public var audience: String
    /// Lifetime of an access token.
    public var lifetime: TimeInterval

    /// Creates settings (defaults: `beep`, `beep-api`, 15 minutes).
    public init(issuer: String = "beep", audience: String = "beep-api", lifetime: TimeInterval = 15 * 60) {
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
    }
}

/// An Ed25519 signing key with its key id (`kid`): the first 16 base64url characters of the
/// SHA-256 of the public key, so the id is stable for a key and never collides by accident.
public struct AccessTokenSigningKey: Sendable {
    /// The private key.
    public let privateKey: Curve25519.Signing.PrivateKey
    /// The key id put in every token header and in the JWKS.
    public let kid: String

    /// Wraps a private key.
    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        self.kid = Self.keyID(for: privateKey.publicKey)
    }

    /// A fresh random key.
    public static func generate() -> AccessTokenSigningKey {
        AccessTokenSigningKey(privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The key id of a public key.
    public static func keyID(for publicKey: Curve25519.Signing.PublicKey) -> String {
        String(Base64URL.encode(Array(SHA256.hash(data: publicKey.rawRepresentation))).prefix(16))
    }
}

/// One public key in JWK form (RFC 8037 §2: `kty` OKP, `crv` Ed25519).
public struct PublicJWK: Codable, Sendable, Equatable {
    /// Always `OKP`.
    public var kty: String
    /// Always `Ed25519`.
    public var crv: String
    /// The public key, base64url.
    public var x: String
    /// The key id.
    public var kid: String
    /// Always `EdDSA`.
    public var alg: String
    /// Always `sig`.
    public var use: String

    /// The JWK of a public key.
    public init(publicKey: Curve25519.Signing.PublicKey) {
        self.kty = "OKP"
        self.crv = "Ed25519"
        self.x = Base64URL.encode(publicKey.rawRepresentation)
        self.kid = AccessTokenSigningKey.keyID(for: publicKey)
        self.alg = "EdDSA"
        self.use = "sig"
    }

    /// The public key, or `nil` when this is not an Ed25519 JWK.
    public var publicKey: Curve25519.Signing.PublicKey? {
        guard kty == "OKP", crv == "Ed25519", let raw = Base64URL.decode(x) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}

/// A JWK Set (RFC 7517 §5), served at `/.well-known/jwks.json`.
public struct PublicJWKSet: Codable, Sendable, Equatable {
    /// The keys.
    public var keys: [PublicJWK]

    /// Creates a set.
    public init(keys: [PublicJWK]) {
        self.keys = keys
    }
}
