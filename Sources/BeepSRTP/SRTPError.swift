/// Why an SRTP or SRTCP operation failed: a machine-readable code and a human reason.
///
/// Authentication failures and replays are expected on the open internet: the caller
/// drops the packet and carries on (the context counts them); they are never fatal.
public struct SRTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Hashable, Sendable {
        /// The packet's authentication tag did not verify (RFC 3711 §3.3 step 5): forged,
        /// corrupted, or protected with another key.
        case authenticationFailed
        /// The packet index was already received or is older than the replay window
        /// (RFC 3711 §3.3.2).
        case replayed
        /// The packet is too short, too long, or not an RTP/RTCP packet.
        case badInput
        /// The keys do not fit the profile (wrong key or salt length).
        case invalidKeys
        /// libsrtp reported another status (its `srtp_err_status_t` value).
        case library(Int32)
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

    public var description: String { "\(code): \(reason)" }
}
