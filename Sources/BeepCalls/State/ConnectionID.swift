/// The id the WebSocket driver gives one signalling connection (one browser tab).
public struct ConnectionID: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The driver's number for the connection.
    public var rawValue: UInt64

    /// Wraps the driver's number.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Orders by number.
    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `c<number>`.
    public var description: String { "c\(rawValue)" }
}
