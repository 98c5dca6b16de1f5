/// A control message that cannot be turned into a Beep value (a missing oneof or field, an
/// unknown enum value, a bad URL).
public struct SFUControlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// A required oneof or field was absent.
        case missingField = "missing_field"
        /// An enum value this version does not know.
        case unknownValue = "unknown_value"
        /// A number outside its documented range.
        case outOfRange = "out_of_range"
        /// The `--sfu-url` is not `grpc://HOST:PORT`.
        case badURL = "bad_url"
    }

    /// The kind of failure.
    public var code: Code
    /// The field or input at fault.
    public var reason: String

    /// An error with `code` and `reason`.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
