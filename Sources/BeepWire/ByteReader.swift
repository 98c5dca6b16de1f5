/// Reads big-endian (network order) fields from a byte array without copying it.
///
/// Every read checks the remaining length and throws ``WireError`` with code `.truncated`
/// instead of trapping. Reads slice the underlying array, so no heap allocation happens
/// unless the caller converts a slice to a new array.
public struct ByteReader: Sendable {
    /// The array being read. Offsets are indices into this array.
    public let bytes: [UInt8]
    /// The index of the next byte to read.
    public private(set) var offset: Int
    /// One past the last readable index.
    public let end: Int

    /// A reader over the whole array.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    /// A reader over `bytes[range]`. The range is clamped to the array.
    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        self.offset = lower
        self.end = upper
    }

    /// Bytes left to read.
    @inlinable public var remaining: Int { end - offset }
    /// True when nothing is left.
    @inlinable public var isAtEnd: Bool { offset >= end }

    @inline(__always)
    private func require(_ count: Int, _ field: StaticString) throws(WireError) {
        guard count >= 0, count <= end - offset else {
            throw WireError(.truncated, "\(field): need \(count) bytes, \(end - offset) left")
        }
    }

    /// Reads one byte.
    public mutating func readUInt8(_ field: StaticString = "uint8") throws(WireError) -> UInt8 {
        try require(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a big-endian 16-bit value.
    public mutating func readUInt16(_ field: StaticString = "uint16") throws(WireError) -> UInt16 {
        try require(2, field)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// Reads a big-endian 24-bit value.
    public mutating func readUInt24(_ field: StaticString = "uint24") throws(WireError) -> UInt32 {
        try require(3, field)
        defer { offset += 3 }
        return UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
    }

    /// Reads a big-endian 32-bit value.
    public mutating func readUInt32(_ field: StaticString = "uint32") throws(WireError) -> UInt32 {
        try require(4, field)
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    /// Reads a big-endian 64-bit value.
    public mutating func readUInt64(_ field: StaticString = "uint64") throws(WireError) -> UInt64 {
        let high = try readUInt32(field)
        let low = try readUInt32(field)
        return UInt64(high) << 32 | UInt64(low)
    }

    /// Returns the next `count` bytes as a slice of the underlying array (no copy).
    public mutating func readBytes(_ count: Int, _ field: StaticString = "bytes") throws(WireError) -> ArraySlice<UInt8> {
        try require(count, field)
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Returns the next `count` bytes as the range of indices they occupy (no copy).
    public mutating func readRange(_ count: Int, _ field: StaticString = "bytes") throws(WireError) -> Range<Int> {
        try require(count, field)
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// Skips `count` bytes.
    public mutating func skip(_ count: Int, _ field: StaticString = "skip") throws(WireError) {
        try require(count, field)
        offset += count
    }

    /// Returns the byte at `offset + ahead` without consuming it.
    public func peekUInt8(ahead: Int = 0, _ field: StaticString = "uint8") throws(WireError) -> UInt8 {
        guard ahead >= 0, ahead < end - offset else {
            throw WireError(.truncated, "\(field): nothing to peek")
        }
        return bytes[offset + ahead]
    }

    /// Splits off a reader over the next `count` bytes and advances past them.
    public mutating func subReader(_ count: Int, _ field: StaticString = "block") throws(WireError) -> ByteReader {
        try require(count, field)
        defer { offset += count }
        return ByteReader(bytes, range: offset..<(offset + count))
    }
}
