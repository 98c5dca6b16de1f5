/// A failure of a media codec or packetiser: a code to branch on and a reason to show.
public struct MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// A codec could not be created (libopus / libvpx refused the configuration).
        case codecInit
        /// A codec control call failed.
        case codecControl
        /// Encoding failed.
        case encode
        /// Decoding failed (corrupt or unsupported input).
        case decode
        /// The input has the wrong size or shape for this codec.
        case badInput
        /// A packet could not be built (too large, bad payload).
        case packetize
    }

    /// The category.
    public let code: Code
    /// A human-readable reason, including the library's status where there is one.
    public let reason: String

    /// An error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }
}
