import BeepPlatformCore

/// A refusal or failure of the messages service, mapped once to an HTTP status at the edge
/// (``apiError``).
public struct MessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// The channel or message does not exist, or the caller may not see it (the two look the same).
        case notFound(what: String)
        /// The caller may see the object but lacks the permission, or it is not theirs.
        case forbidden
        /// A request field is invalid (`field` names it, e.g. `content`, `q.before`).
        case invalid(field: String)
        /// The request conflicts with the current state (e.g. the pin limit is reached).
        case conflict
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable message, safe to show to the caller.
    public var message: String

    /// An error from its parts.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code` and `message` in one line.
    public var description: String { "MessageError(\(code)): \(message)" }

    /// The channel or message is unknown or invisible to the caller.
    public static func notFound(_ what: String) -> MessageError { MessageError(.notFound(what: what), "\(what) not found.") }
    /// The caller lacks a permission or does not own the message.
    public static func forbidden(_ message: String = "You do not have permission to do this.") -> MessageError {
        MessageError(.forbidden, message)
    }
    /// A field is invalid.
    public static func invalid(_ field: String, _ message: String) -> MessageError {
        MessageError(.invalid(field: field), message)
    }

    /// The HTTP error for this refusal (404, 403, 400 with `field`, 409).
    public var apiError: APIError {
        switch code {
        case .notFound(let what): APIError.notFound(what)
        case .forbidden: APIError.forbidden(message)
        case .invalid(let field): APIError.invalid(field: field, message: message)
        case .conflict: APIError.conflict(field: nil, message: message)
        }
    }
}
