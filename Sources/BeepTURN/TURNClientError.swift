import BeepSTUN

/// Why a ``TURNClient`` request, the allocation, or a call into the client failed.
public struct TURNClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// No response before the transaction timeout (RFC 8489 §6.2.1, §6.2.2).
        case timeout
        /// 401 after the request carried credentials: wrong or expired (RFC 8489 §9.2.5).
        case unauthenticated
        /// 438 Stale Nonce more often than ``TURNClientConfiguration/maxStaleNonceRetries``.
        case staleNonce
        /// Any other error response; ``TURNClientError/stunError`` holds the code.
        case rejected
        /// A response the client cannot use (e.g. Allocate success without XOR-RELAYED-ADDRESS).
        case invalidResponse
        /// The request could not be encoded (e.g. a USERNAME over the RFC 8489 limit).
        case encodingFailed
        /// The allocation's lifetime passed without a successful Refresh (RFC 8656 §7).
        case allocationExpired
        /// ``TURNClient/send(_:to:now:)`` or ``TURNClient/bindChannel(to:now:)`` before the
        /// allocation exists or after it ended.
        case notAllocated
        /// The peer's address family differs from the relayed address's (RFC 8656 §9.1).
        case peerFamilyMismatch
        /// The payload does not fit a DATA attribute or ChannelData (65535 bytes).
        case payloadTooLarge
        /// All channel numbers 0x4000-0x4FFF are used (RFC 8656 §12).
        case channelsExhausted
        /// The TCP/TLS stream from the server cannot be framed (RFC 8656 §12.5).
        case streamOutOfSync
        /// The TCP/TLS connection to the server closed (RFC 8656 §3.1: the allocation ends).
        case connectionClosed
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable reason for logs.
    public let reason: String
    /// The server's ERROR-CODE, when the failure is an error response.
    public let stunError: STUNErrorCode?

    /// An error from its parts.
    public init(_ code: Code, _ reason: String, stunError: STUNErrorCode? = nil) {
        self.code = code
        self.reason = reason
        self.stunError = stunError
    }

    /// For example "rejected: CreatePermission got 403 Forbidden".
    public var description: String { "\(code.rawValue): \(reason)" }
}
