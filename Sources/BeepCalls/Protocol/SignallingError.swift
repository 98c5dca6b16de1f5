/// A refused signalling request: a code from the protocol and a human-readable reason.
///
/// This is the typed error of every decoding and state-machine step in BeepCalls; it
/// maps one to one onto the `error` server message.
public struct SignallingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The protocol error code sent to the client.
    public var code: SignallingErrorCode
    /// Why, naming the field or the rule.
    public var reason: String

    /// Creates an error with a code and a reason.
    public init(_ code: SignallingErrorCode, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }
}
