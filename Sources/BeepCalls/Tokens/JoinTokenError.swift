/// Why a join token was refused.
public struct JoinTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of refusal.
    public enum Code: String, Sendable, Equatable {
        /// Not a compact JWS, bad base64url or JSON, missing claims, wrong algorithm or audience.
        case malformed
        /// The Ed25519 signature does not verify (RFC 8037 §3.1).
        case badSignature
        /// `exp` is not after `now` (RFC 7519 §4.1.4).
        case expired
        /// The token is for another room.
        case wrongRoom
    }

    /// The kind of refusal.
    public var code: Code
    /// Details for logs and the error reply (never the token or key).
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The signalling error code this maps to (docs/signalling.md, "Error codes").
    public var signallingCode: SignallingErrorCode {
        switch code {
        case .malformed, .badSignature: .unauthorized
        case .expired: .tokenExpired
        case .wrongRoom: .wrongRoom
        }
    }

    /// The signalling error sent to the client.
    public var signallingError: SignallingError { SignallingError(signallingCode, reason) }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }
}
