/// A control-call failure of an ``SFURouter``: a code to map at the edge (signalling error)
/// and a human-readable reason.
public struct SFUError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable, Codable {
        /// No participant with that id.
        case unknownParticipant
        /// A participant with that id is already in the router.
        case duplicateParticipant
        /// No producer with that id.
        case unknownProducer
        /// No consumer with that id.
        case unknownConsumer
        /// The SSRC is already used by another track of the same participant.
        case duplicateSSRC
        /// A parameter is out of range (payload type over 127, clock rate 0...).
        case invalidParameters
        /// The operation does not apply (e.g. replacing a producer with one of another kind).
        case notAllowed
    }

    /// The failure class.
    public var code: Code
    /// Why, naming the value.
    public var reason: String

    /// An error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// "code: reason".
    public var description: String { "\(code.rawValue): \(reason)" }
}
