/// In-place big-endian loads and stores on a byte array, for hot paths that rewrite packets
/// without re-serialising them. Out-of-range indices never trap: loads return nil, stores
/// return false.
public enum BigEndian {
    /// The 16-bit value at `index`, or nil if it does not fit.
    @inlinable
    public static func uint16(_ bytes: [UInt8], at index: Int) -> UInt16? {
        guard index >= 0, index + 2 <= bytes.count else { return nil }
        return UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
    }

    /// The 32-bit value at `index`, or nil if it does not fit.
    @inlinable
    public static func uint32(_ bytes: [UInt8], at index: Int) -> UInt32? {
        guard index >= 0, index + 4 <= bytes.count else { return nil }
        return UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16
            | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
    }

    /// Stores a 16-bit value at `index`; false if it does not fit.
    @inlinable @discardableResult
    public static func store(_ value: UInt16, in bytes: inout [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + 2 <= bytes.count else { return false }
        bytes[index] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[index + 1] = UInt8(truncatingIfNeeded: value)
        return true
    }

    /// Stores a 32-bit value at `index`; false if it does not fit.
    @inlinable @discardableResult
    public static func store(_ value: UInt32, in bytes: inout [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + 4 <= bytes.count else { return false }
        bytes[index] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[index + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[index + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[index + 3] = UInt8(truncatingIfNeeded: value)
        return true
    }
}
