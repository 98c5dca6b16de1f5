import BeepWire

/// One RFC 8285 header extension element located in a buffer: its local identifier and the
/// offsets of its data.
public struct RTPHeaderExtensionElementRange: Sendable, Hashable {
    /// The local identifier (1-14 in the one-byte form, 1-255 in the two-byte form).
    public let id: UInt8
    /// Offsets of the element's data bytes in the buffer that was walked.
    public let range: Range<Int>

    /// Creates an element location.
    @inlinable
    public init(id: UInt8, range: Range<Int>) {
        self.id = id
        self.range = range
    }
}

/// Walks the elements of an RFC 8285 header extension block without allocating.
///
/// Rules (RFC 8285 §4.2, §4.3): a byte with ID 0 between elements is padding and is skipped; in the
/// one-byte form an element header with ID 15 ends processing (elements before it are kept,
/// the rest of the block is ignored); an element whose data runs past the block is an error.
public struct RTPHeaderExtensionElements<Bytes: RandomAccessCollection>: IteratorProtocol
where Bytes.Element == UInt8, Bytes.Index == Int {
    @usableFromInline let bytes: Bytes
    @usableFromInline let form: RTPHeaderExtensionForm
    @usableFromInline var offset: Int
    @usableFromInline let end: Int
    @usableFromInline var storedError: WireError?

    /// The error that ended iteration through ``next()``, if any.
    public var error: WireError? { storedError }

    /// A walker over `bytes[range]` (offsets relative to the buffer's start) in the given form.
    /// The range is clamped to the buffer.
    @inlinable
    public init(_ bytes: Bytes, range: Range<Int>, form: RTPHeaderExtensionForm) {
        self.bytes = bytes
        self.form = form
        let upper = min(max(range.upperBound, 0), bytes.count)
        self.offset = min(max(range.lowerBound, 0), upper)
        self.end = upper
        self.storedError = nil
    }

    /// The next element, nil at the end of the block or after an ID 15 terminator; throws
    /// ``WireError`` `.truncated` when an element's header or data runs past the block.
    @inlinable
    public mutating func nextElement() throws(WireError) -> RTPHeaderExtensionElementRange? {
        while offset < end {
            let first = ByteAccess.byte(bytes, offset)
            switch form {
            case .oneByte:
                let id = first >> 4
                if id == 0 {
                    // RFC 8285 §4.2: ID 0 is padding; skipped one byte at a time (like libwebrtc,
                    // a stray length nibble is tolerated).
                    offset &+= 1
                    continue
                }
                if id == 15 {
                    // RFC 8285 §4.2: ID 15 stops processing of the whole extension.
                    offset = end
                    return nil
                }
                let length = Int(first & 0x0F) &+ 1
                let start = offset &+ 1
                guard length <= end &- start else {
                    throw WireError(.truncated, "RTP one-byte extension id \(id): \(length) bytes run past the block")
                }
                offset = start &+ length
                return RTPHeaderExtensionElementRange(id: id, range: start..<offset)
            case .twoByte:
                if first == 0 {
                    offset &+= 1
                    continue
                }
                guard offset &+ 2 <= end else {
                    throw WireError(.truncated, "RTP two-byte extension id \(first): length byte missing")
                }
                let length = Int(ByteAccess.byte(bytes, offset &+ 1))
                let start = offset &+ 2
                guard length <= end &- start else {
                    throw WireError(.truncated, "RTP two-byte extension id \(first): \(length) bytes run past the block")
                }
                offset = start &+ length
                return RTPHeaderExtensionElementRange(id: first, range: start..<offset)
            }
        }
        return nil
    }

    /// The next element, or nil at the end; a malformed element ends iteration and sets
    /// ``error``.
    @inlinable
    public mutating func next() -> RTPHeaderExtensionElementRange? {
        guard storedError == nil else { return nil }
        do {
            return try nextElement()
        } catch {
            storedError = error
            offset = end
            return nil
        }
    }
}
