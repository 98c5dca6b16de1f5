/// Appends big-endian (network order) fields to a growing byte array.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer that reserves `capacity` bytes up front.
    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Number of bytes written.
    @inlinable public var count: Int { bytes.count }

    /// Appends one byte.
    public mutating func write(_ value: UInt8) { bytes.append(value) }

    /// Appends a big-endian 16-bit value.
    public mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends the low 24 bits of `value`, big-endian.
    public mutating func writeUInt24(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a big-endian 32-bit value.
    public mutating func write(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a big-endian 64-bit value.
    public mutating func write(_ value: UInt64) {
        write(UInt32(truncatingIfNeeded: value >> 32))
        write(UInt32(truncatingIfNeeded: value))
    }

    /// Appends raw bytes.
    public mutating func write<Bytes: Sequence>(bytes other: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    /// Appends `count` zero bytes.
    public mutating func writeZeros(_ count: Int) {
        guard count > 0 else { return }
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    /// Appends zero bytes until the length is a multiple of `alignment` (e.g. 4 for STUN/RTCP).
    public mutating func pad(toMultipleOf alignment: Int) {
        guard alignment > 1 else { return }
        let rest = bytes.count % alignment
        if rest != 0 { writeZeros(alignment - rest) }
    }

    /// Overwrites a big-endian 16-bit value at `index` (used to patch length fields).
    /// Does nothing if the index is out of range.
    public mutating func patch(_ value: UInt16, at index: Int) {
        guard index >= 0, index + 2 <= bytes.count else { return }
        bytes[index] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[index + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Overwrites a big-endian 32-bit value at `index`. Does nothing if out of range.
    public mutating func patch(_ value: UInt32, at index: Int) {
        guard index >= 0, index + 4 <= bytes.count else { return }
        bytes[index] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[index + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[index + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[index + 3] = UInt8(truncatingIfNeeded: value)
    }

    /// Overwrites one byte at `index`. Does nothing if out of range.
    public mutating func patch(_ value: UInt8, at index: Int) {
        guard index >= 0, index < bytes.count else { return }
        bytes[index] = value
    }
}
