/// Why an access token was refused. Every code becomes the same 401 at the HTTP edge
/// (the client learns nothing about which check failed); tests and logs see the code.
public struct AccessTokenError: Error, Sendable, Equatable {
    /// The failed check.
    public enum Code: String, Sendable, Equatable {
        /// Not a compact JWS with three base64url parts and JSON header/payload (RFC 7515 §7.1).
        case malformed
        /// `alg` is not `EdDSA` (RFC 8725 §3.1: the verifier pins the algorithm; `none` is refused).
        case algorithm
        /// No `kid`, or a `kid` this verifier does not know.
        case unknownKey
        /// The Ed25519 signature does not verify (RFC 8037 §3.1).
        case badSignature
        /// `iss` is not this issuer (RFC 7519 §4.1.1).
        case wrongIssuer
        /// `aud` does not contain this audience (RFC 7519 §4.1.3).
        case wrongAudience
        /// `typ` is not `access` (e.g. a refresh or join token).
        case wrongType
        /// `exp` is not after now (RFC 7519 §4.1.4).
        case expired
        /// The session was signed out or revoked.
        case revoked
    }

    /// The failed check.
    public var code: Code
    /// Detail for logs.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
