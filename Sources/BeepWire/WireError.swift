/// The one error every wire-format parser throws: a machine-readable code and a human reason.
///
/// Parsers never trap on bad input (DESIGN.md rule 4); they throw this instead.
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem the input had.
    public enum Code: String, Sendable, Equatable {
        /// The input ended before a field it announced.
        case truncated
        /// A field holds a value the format forbids (bad version, bad magic cookie, bad length...).
        case malformed
        /// A well-formed construct this implementation does not handle.
        case unsupported
        /// The input or a field exceeds a size limit.
        case tooLarge
        /// An integrity check (HMAC, CRC) failed.
        case integrity
    }

    /// What kind of problem the input had.
    public let code: Code
    /// A short explanation naming the field, for logs and error responses.
    public let reason: String

    /// Creates an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
