/// The class of a STUN message: request, indication, success or error response (RFC 8489 §5).
public enum STUNClass: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A request (C1 C0 = 0b00); expects a response.
    case request = 0b00
    /// An indication (0b01); no response.
    case indication = 0b01
    /// A success response (0b10).
    case successResponse = 0b10
    /// An error response (0b11); carries ERROR-CODE.
    case errorResponse = 0b11

    /// True for success and error responses.
    public var isResponse: Bool { self == .successResponse || self == .errorResponse }

    /// A readable name.
    public var description: String {
        switch self {
        case .request: "request"
        case .indication: "indication"
        case .successResponse: "success response"
        case .errorResponse: "error response"
        }
    }
}
