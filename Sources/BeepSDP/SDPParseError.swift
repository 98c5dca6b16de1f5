/// The error every SDP parser in this module throws: a machine-readable code, a reason naming the
/// field, and the 1-based line number of the offending line (0 when the problem is not tied to a line,
/// e.g. the whole input is too large or is not UTF-8).
///
/// Parsing never traps on bad input (DESIGN.md rule 4); it throws this instead. It mirrors
/// `BeepWire.WireError` (code + reason) and adds the line number.
public struct SDPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem the input had.
    public enum Code: String, Sendable, Equatable {
        /// The input or its line count exceeds `SDPLimits`.
        case tooLarge
        /// The bytes are not valid UTF-8, or a line holds a control character (CR, NUL...).
        case invalidEncoding
        /// A line is not `<type>=<value>` (RFC 8866 §5), or is empty.
        case malformedLine
        /// A line type letter that RFC 8866 §5 does not define.
        case unknownLineType
        /// A line appears where RFC 8866 §5 does not allow it (wrong order, duplicate, missing v=/o=/s=/t=).
        case outOfOrder
        /// A line or attribute has fewer fields than its grammar requires.
        case missingField
        /// A numeric field holds something other than ASCII decimal digits.
        case invalidNumber
        /// A number is outside its allowed range (port, payload type, extmap id...).
        case outOfRange
        /// A field holds a value its grammar forbids (unknown setup role, bad hex...).
        case invalidValue
    }

    /// What kind of problem the input had.
    public let code: Code
    /// A short explanation naming the field, for logs and error responses.
    public let reason: String
    /// The 1-based line number of the offending line, or 0 when not tied to one line.
    public let line: Int

    /// Creates an error with a code, a reason and a 1-based line number.
    public init(_ code: Code, _ reason: String, line: Int = 0) {
        self.code = code
        self.reason = reason
        self.line = line
    }

    /// The same error attributed to `line` (used when a value parser that does not know its
    /// line number throws).
    func at(line: Int) -> SDPParseError {
        SDPParseError(code, reason, line: line)
    }

    /// `line N: code: reason`, or `code: reason` when no line applies.
    public var description: String {
        line > 0 ? "line \(line): \(code.rawValue): \(reason)" : "\(code.rawValue): \(reason)"
    }
}
