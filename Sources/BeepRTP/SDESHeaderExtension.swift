import BeepWire

/// Header extensions that carry an SDES item as text: `sdes:mid` (RFC 8843 §15),
/// `sdes:rtp-stream-id` and `sdes:repaired-rtp-stream-id` (RFC 8852 §3). The data is the
/// item's value itself, UTF-8, not null-terminated, 1-255 bytes (RFC 7941 §4.1).
public enum SDESHeaderExtension {
    /// Decodes the text; throws ``WireError`` `.malformed` when empty, longer than 255 bytes or
    /// not UTF-8. Trailing zero bytes (sent by some implementations as fill) are dropped.
    public static func parse<Bytes: RandomAccessCollection>(_ data: Bytes) throws(WireError) -> String
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var end = data.endIndex
        while end > data.startIndex, data[end - 1] == 0 { end -= 1 }
        let text = data[data.startIndex..<end]
        guard !text.isEmpty else {
            throw WireError(.malformed, "SDES header extension: empty value")
        }
        guard text.count <= 255 else {
            throw WireError(.malformed, "SDES header extension: \(text.count) bytes over 255")
        }
        guard let string = String(validating: text, as: UTF8.self) else {
            throw WireError(.malformed, "SDES header extension: value is not UTF-8")
        }
        return string
    }

    /// True when `data` holds exactly the UTF-8 bytes of `value`; compares without allocating.
    @inlinable
    public static func matches<Bytes: RandomAccessCollection>(_ data: Bytes, _ value: String) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var utf8 = value.utf8.makeIterator()
        for byte in data {
            guard utf8.next() == byte else { return false }
        }
        return utf8.next() == nil
    }

    /// The data bytes for `value`; throws ``WireError`` `.malformed` when empty or over 255
    /// bytes.
    public static func bytes(_ value: String) throws(WireError) -> [UInt8] {
        let bytes = Array(value.utf8)
        guard (1...255).contains(bytes.count) else {
            throw WireError(.malformed, "SDES header extension: \(bytes.count) bytes outside 1-255")
        }
        return bytes
    }
}
