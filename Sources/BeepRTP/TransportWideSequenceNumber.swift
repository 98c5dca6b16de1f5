import BeepWire

/// The transport-wide sequence number header extension value
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a 16-bit big-endian counter
/// shared by every stream of the transport, echoed in transport-cc feedback.
public enum TransportWideSequenceNumber {
    /// Number of data bytes on the wire.
    public static let length = 2

    /// Decodes exactly 2 data bytes; throws ``WireError`` `.malformed` for another length.
    @inlinable
    public static func parse<Bytes: RandomAccessCollection>(_ data: Bytes) throws(WireError) -> UInt16
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard data.count == length else {
            throw WireError(.malformed, "transport-wide-cc: \(data.count) bytes, expected 2")
        }
        return ByteAccess.uint16(data, 0)
    }

    /// The 2 data bytes for `value`.
    public static func bytes(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}
