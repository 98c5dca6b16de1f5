/// Why a bot run ended badly, mapped once to its process exit code (docs/bot.md).
public struct BotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category; each has its own exit code.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The command line or the script is invalid.
        case badArguments
        /// The signalling WebSocket could not be opened (dead URL, refused, not a WebSocket).
        case cannotConnect
        /// The server refused the join token (`unauthorized`, `token_expired`, `wrong_room`).
        case tokenRefused
        /// The call ran, but received media missed the quality criteria.
        case mediaCriteriaMissed
        /// The call failed otherwise: signalling refused a step, ICE or DTLS failed, the
        /// server closed the connection, a timeout.
        case callFailed

        /// The process exit code.
        public var exitCode: Int32 {
            switch self {
            case .badArguments: 2
            case .cannotConnect: 3
            case .tokenRefused: 4
            case .mediaCriteriaMissed: 5
            case .callFailed: 6
            }
        }
    }

    /// The category.
    public let code: Code
    /// A one-line reason for stderr.
    public let reason: String

    /// An error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `reason` (the code shows in the exit status).
    public var description: String { reason }
}
