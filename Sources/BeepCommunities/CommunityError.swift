/// A refusal or failure of the communities service, mapped once to an HTTP status at the edge
/// (`BeepCommunitiesAPI`).
public struct CommunityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// The object does not exist, or the caller may not see it (the two look the same).
        case notFound(what: String)
        /// The caller may see the object but lacks the permission or rank.
        case forbidden
        /// A request field is invalid.
        case invalid(field: String)
        /// The request conflicts with the current state (already a member, owner leaving, ...).
        case conflict
        /// A per-user or per-server cap is reached.
        case limitReached
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
    public var description: String { "CommunityError(\(code)): \(message)" }

    static func notFound(_ what: String) -> CommunityError { CommunityError(.notFound(what: what), "\(what) not found.") }
    static func forbidden(_ message: String = "You do not have permission to do this.") -> CommunityError {
        CommunityError(.forbidden, message)
    }
    static func invalid(_ field: String, _ message: String) -> CommunityError { CommunityError(.invalid(field: field), message) }
}
