/// Why the server closes an events connection; `closeCode` is the WebSocket close code
/// (docs/events.md, Close codes).
public struct EventProtocolError: Error, Sendable, Hashable {
    /// The kinds of close.
    public enum Code: UInt16, Sendable, Hashable {
        /// 4001: bad or expired token.
        case unauthenticated = 4001
        /// 4002: a frame that is not valid protocol.
        case badFrame = 4002
        /// 4003: no identify or resume in time.
        case identifyTimeout = 4003
        /// 4008: the client fell too far behind.
        case slowConsumer = 4008
        /// 4009: no frame for two heartbeat intervals.
        case heartbeatTimeout = 4009
        /// 4010: another connection resumed the session.
        case sessionTakenOver = 4010
    }

    /// The kind.
    public var code: Code
    /// A short reason for the close frame (at most 123 bytes on the wire).
    public var reason: String

    /// An error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The WebSocket close code.
    public var closeCode: UInt16 { code.rawValue }
}
