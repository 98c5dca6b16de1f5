/// The direction attributes `a=sendrecv`, `a=sendonly`, `a=recvonly`, `a=inactive` (RFC 8866 §6.7).
public enum MediaDirection: String, Hashable, Sendable, CaseIterable {
    /// Send and receive (the default when no direction attribute is present).
    case sendrecv
    /// Send only.
    case sendonly
    /// Receive only.
    case recvonly
    /// Neither.
    case inactive

    /// The direction seen from the other side (RFC 3264 §6.1: an answer to sendonly is recvonly).
    public var reversed: MediaDirection {
        switch self {
        case .sendrecv: .sendrecv
        case .sendonly: .recvonly
        case .recvonly: .sendonly
        case .inactive: .inactive
        }
    }

    /// Whether media flows out of this side.
    public var sends: Bool { self == .sendrecv || self == .sendonly }
    /// Whether media flows into this side.
    public var receives: Bool { self == .sendrecv || self == .recvonly }
}
