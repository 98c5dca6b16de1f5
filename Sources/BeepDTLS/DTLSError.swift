/// Why a DTLS endpoint could not be created or its handshake failed: a machine-readable
/// code and a human reason (with OpenSSL's error strings where it reported any).
public struct DTLSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Hashable, Sendable {
        /// The peer's certificate does not hash to the `a=fingerprint` from its SDP
        /// (RFC 8122 §5, RFC 8842 §5): the connection is refused.
        case fingerprintMismatch
        /// The handshake failed: a protocol error, a fatal alert from the peer, or a
        /// failed certificate check other than the fingerprint.
        case handshakeFailed
        /// An established association failed: a fatal alert or protocol error after the
        /// handshake.
        case connectionFailed
        /// The peers share no SRTP protection profile, or the peer did not negotiate
        /// `use_srtp` at all (RFC 5764 §4.1.1).
        case noSRTPProfile
        /// The peer stopped answering: the retransmission limit was reached
        /// (RFC 6347 §4.2.4.1).
        case timeout
        /// A parameter was out of range (MTU, profile list, fingerprint algorithm).
        case invalidConfiguration
        /// The call does not fit the endpoint's state (e.g. sending before connected).
        case invalidState
        /// OpenSSL failed outside the handshake (allocation, key generation, export).
        case openSSL
    }

    /// The kind of failure.
    public let code: Code
    /// A short explanation for logs.
    public let reason: String

    /// Creates an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
