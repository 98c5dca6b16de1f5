/// The byte containers every zero-copy parser in this module accepts: `[UInt8]`,
/// `ArraySlice<UInt8>`, `UnsafeRawBufferPointer` (e.g. from a NIO `ByteBuffer`) and their
/// mutable counterparts. Offsets returned by the parsers are relative to `startIndex`.
///
/// Internal helpers here read big-endian fields at offsets the caller has already checked
/// against the length, so none of them can go out of bounds from parsed input.
@usableFromInline
enum ByteAccess {
    /// The byte at `offset` from the start of `bytes`; the caller checked `offset < count`.
    @inlinable @inline(__always)
    static func byte<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ offset: Int) -> UInt8
    where Bytes.Element == UInt8, Bytes.Index == Int {
        bytes[bytes.startIndex &+ offset]
    }

    /// The big-endian 16-bit value at `offset`; the caller checked `offset + 2 <= count`.
    @inlinable @inline(__always)
    static func uint16<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ offset: Int) -> UInt16
    where Bytes.Element == UInt8, Bytes.Index == Int {
        UInt16(byte(bytes, offset)) << 8 | UInt16(byte(bytes, offset &+ 1))
    }

    /// The big-endian 32-bit value at `offset`; the caller checked `offset + 4 <= count`.
    @inlinable @inline(__always)
    static func uint32<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ offset: Int) -> UInt32
    where Bytes.Element == UInt8, Bytes.Index == Int {
        UInt32(uint16(bytes, offset)) << 16 | UInt32(uint16(bytes, offset &+ 2))
    }

    /// Stores one byte at `offset`; the caller checked `offset < count`.
    @inlinable @inline(__always)
    static func store<Bytes: MutableCollection & RandomAccessCollection>(_ value: UInt8, in bytes: inout Bytes, at offset: Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        bytes[bytes.startIndex &+ offset] = value
    }

    /// Stores a big-endian 16-bit value at `offset`; the caller checked `offset + 2 <= count`.
    @inlinable @inline(__always)
    static func store<Bytes: MutableCollection & RandomAccessCollection>(_ value: UInt16, in bytes: inout Bytes, at offset: Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        store(UInt8(truncatingIfNeeded: value >> 8), in: &bytes, at: offset)
        store(UInt8(truncatingIfNeeded: value), in: &bytes, at: offset &+ 1)
    }

    /// Stores a big-endian 32-bit value at `offset`; the caller checked `offset + 4 <= count`.
    @inlinable @inline(__always)
    static func store<Bytes: MutableCollection & RandomAccessCollection>(_ value: UInt32, in bytes: inout Bytes, at offset: Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        store(UInt16(truncatingIfNeeded: value >> 16), in: &bytes, at: offset)
        store(UInt16(truncatingIfNeeded: value), in: &bytes, at: offset &+ 2)
    }
}
