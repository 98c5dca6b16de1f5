/// Wrap-around-safe comparison for 16-bit RTP sequence numbers (RFC 3550 §A.1, RFC 1982 serial
/// number arithmetic): `b` is newer than `a` when `b - a` (mod 2^16) lies in `1..<2^15`.
public enum SequenceArithmetic {
    /// True when `lhs` is newer than `rhs` on the 16-bit circle.
    @inlinable
    public static func isNewer(_ lhs: UInt16, than rhs: UInt16) -> Bool {
        let distance = lhs &- rhs
        return distance != 0 && distance < 0x8000
    }

    /// The signed distance from `from` to `to` on the 16-bit circle, in `-32768...32767`.
    @inlinable
    public static func distance(from: UInt16, to: UInt16) -> Int {
        Int(Int16(bitPattern: to &- from))
    }

    /// True when `lhs` is newer than `rhs` on the 32-bit circle (RTP timestamps).
    @inlinable
    public static func isNewer(_ lhs: UInt32, than rhs: UInt32) -> Bool {
        let distance = lhs &- rhs
        return distance != 0 && distance < 0x8000_0000
    }

    /// The signed distance from `from` to `to` on the 32-bit circle.
    @inlinable
    public static func distance(from: UInt32, to: UInt32) -> Int64 {
        Int64(Int32(bitPattern: to &- from))
    }
}

/// Extends wrapping 16-bit sequence numbers to a monotonic 64-bit count (RFC 3550 §A.1's
/// "extended highest sequence number"), tolerating reordering within half the circle.
public struct SequenceUnwrapper: Sendable {
    private var highest: Int64?

    /// A fresh unwrapper; the first value seeds the cycle count at zero.
    public init() {}

    /// The extended value of the highest sequence number seen so far.
    public var extendedHighest: Int64? { highest }

    /// Extends `sequence` relative to the highest value seen; late packets map below it.
    public mutating func unwrap(_ sequence: UInt16) -> Int64 {
        guard let highest else {
            self.highest = Int64(sequence)
            return Int64(sequence)
        }
        let last = UInt16(truncatingIfNeeded: highest)
        let extended = highest + Int64(SequenceArithmetic.distance(from: last, to: sequence))
        if extended > highest { self.highest = extended }
        return extended
    }
}

/// Extends wrapping 32-bit RTP timestamps to a monotonic 64-bit count.
public struct TimestampUnwrapper: Sendable {
    private var highest: Int64?

    /// A fresh unwrapper.
    public init() {}

    /// Extends `timestamp` relative to the highest value seen.
    public mutating func unwrap(_ timestamp: UInt32) -> Int64 {
        guard let highest else {
            self.highest = Int64(timestamp)
            return Int64(timestamp)
        }
        let last = UInt32(truncatingIfNeeded: highest)
        let extended = highest + SequenceArithmetic.distance(from: last, to: timestamp)
        if extended > highest { self.highest = extended }
        return extended
    }
}
