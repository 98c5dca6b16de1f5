import Foundation

/// A 64-bit, time-ordered identifier: milliseconds since 2026-01-01T00:00:00Z in the top
/// 41 bits (`<< 22`), a 10-bit node id (`<< 12`) and a 12-bit per-millisecond sequence.
///
/// Encoded in JSON as a decimal *string* (JavaScript numbers lose precision above 2^53);
/// stored in SQL as `BIGINT`. Ordering by id is ordering by creation time.
public struct Snowflake: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch of the Snowflake epoch (2026-01-01T00:00:00Z).
    public static let epochMilliseconds: Int64 = 1_767_225_600_000

    /// The raw 64-bit value (always >= 0).
    public let rawValue: Int64

    /// Wraps a raw value.
    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Parses the decimal form; `nil` for anything that is not a non-negative 64-bit integer.
    public init?(_ text: some StringProtocol) {
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let value = Int64(text) else { return nil }
        self.rawValue = value
    }

    /// The decimal form, as in JSON and URLs.
    public var description: String { String(rawValue) }

    /// The creation time encoded in the id (millisecond precision).
    public var timestamp: Date {
        Date(timeIntervalSince1970: Double((rawValue >> 22) + Self.epochMilliseconds) / 1000)
    }

    /// The node id encoded in the id.
    public var node: UInt16 { UInt16(truncatingIfNeeded: (rawValue >> 12) & 0x3FF) }

    /// Orders by raw value, hence by creation time.
    public static func < (lhs: Snowflake, rhs: Snowflake) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes the decimal string form (a JSON number is refused: it may have lost precision).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Snowflake(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a snowflake id")
        }
        self = value
    }

    /// Encodes the decimal string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The id of a user. A plain alias: every entity id in Beep is a ``Snowflake``; route and
/// parameter names say which entity it is.
public typealias UserID = Snowflake
