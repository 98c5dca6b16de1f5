import BeepWire

/// A zero-allocation view of an RTP packet's fixed header (RFC 3550 §5.1), for the SFU hot path.
///
/// Parsing reads the scalar fields and validates every length (version, CSRC list, header
/// extension block, padding) but copies nothing: the CSRC list, the extension block and the
/// payload are described by offsets into the parsed buffer. It works on `[UInt8]`,
/// `ArraySlice<UInt8>` and `UnsafeRawBufferPointer` alike (offsets are relative to the
/// buffer's start), so a NIO `ByteBuffer` can be parsed through `withUnsafeReadableBytes`.
public struct RTPHeaderView: Sendable, Hashable {
    /// Length of the fixed header before the CSRC list (RFC 3550 §5.1).
    public static let fixedHeaderLength = 12
    /// The only RTP version this implementation accepts (RFC 3550 §5.1, V field).
    public static let version: UInt8 = 2

    /// The P bit: the packet ends with padding whose last byte counts it (RFC 3550 §5.1).
    public let hasPadding: Bool
    /// The X bit: a header extension follows the CSRC list (RFC 3550 §5.3.1).
    public let hasExtension: Bool
    /// The CC field: number of CSRC identifiers (0-15).
    public let csrcCount: Int
    /// The M bit.
    public let marker: Bool
    /// The 7-bit payload type.
    public let payloadType: UInt8
    /// The 16-bit sequence number.
    public let sequenceNumber: UInt16
    /// The 32-bit media timestamp.
    public let timestamp: UInt32
    /// The synchronisation source.
    public let ssrc: UInt32
    /// The 16-bit "defined by profile" field of the header extension (0xBEDE for the RFC 8285
    /// one-byte form, 0x100x for the two-byte form), or 0 when there is no extension.
    public let extensionProfile: UInt16
    /// Offsets of the header extension's data words (after its 4-byte header); empty when
    /// there is no extension.
    public let extensionRange: Range<Int>
    /// Offsets of the payload (after the header, before any padding).
    public let payloadRange: Range<Int>
    /// Number of padding bytes at the end, including the count byte itself; 0 without padding.
    public let paddingLength: Int
    /// Total length of the parsed packet.
    public let packetLength: Int

    /// Length of the header: fixed part, CSRC list and header extension.
    @inlinable public var headerLength: Int { payloadRange.lowerBound }
    /// Offset of the first CSRC identifier (always 12).
    @inlinable public var csrcOffset: Int { Self.fixedHeaderLength }
    /// The RFC 8285 form of the header extension, or nil if absent or of another profile.
    @inlinable public var extensionForm: RTPHeaderExtensionForm? {
        hasExtension ? RTPHeaderExtensionForm(profile: extensionProfile) : nil
    }

    /// Parses and validates the header of the RTP packet in `bytes` (RFC 3550 §5.1, §5.3.1).
    ///
    /// Throws ``WireError`` `.truncated` when the CSRC list or the extension block runs past the
    /// end, `.malformed` for a version other than 2 or a padding count of zero or larger than
    /// the room after the header. Never allocates on success.
    @inlinable
    public init<Bytes: RandomAccessCollection>(parsing bytes: Bytes) throws(WireError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let count = bytes.count
        guard count >= Self.fixedHeaderLength else {
            throw WireError(.truncated, "RTP header: need 12 bytes, have \(count)")
        }
        let first = ByteAccess.byte(bytes, 0)
        guard first >> 6 == Self.version else {
            throw WireError(.malformed, "RTP version: \(first >> 6), expected 2")
        }
        let second = ByteAccess.byte(bytes, 1)
        hasPadding = first & 0x20 != 0
        hasExtension = first & 0x10 != 0
        csrcCount = Int(first & 0x0F)
        marker = second & 0x80 != 0
        payloadType = second & 0x7F
        sequenceNumber = ByteAccess.uint16(bytes, 2)
        timestamp = ByteAccess.uint32(bytes, 4)
        ssrc = ByteAccess.uint32(bytes, 8)

        var offset = Self.fixedHeaderLength &+ csrcCount &* 4
        guard offset <= count else {
            throw WireError(.truncated, "RTP CSRC list: \(csrcCount) entries need \(offset) bytes, have \(count)")
        }
        if hasExtension {
            guard offset &+ 4 <= count else {
                throw WireError(.truncated, "RTP header extension: header needs 4 bytes at \(offset)")
            }
            extensionProfile = ByteAccess.uint16(bytes, offset)
            let words = Int(ByteAccess.uint16(bytes, offset &+ 2))
            let start = offset &+ 4
            let end = start &+ words &* 4
            guard end <= count else {
                throw WireError(.truncated, "RTP header extension: length \(words) words runs past the packet")
            }
            extensionRange = start..<end
            offset = end
        } else {
            extensionProfile = 0
            extensionRange = offset..<offset
        }
        var padding = 0
        if hasPadding {
            padding = Int(ByteAccess.byte(bytes, count &- 1))
            guard padding > 0 else {
                throw WireError(.malformed, "RTP padding: count byte is 0")
            }
            guard padding <= count &- offset else {
                throw WireError(.malformed, "RTP padding: count \(padding) larger than the \(count &- offset) bytes after the header")
            }
        }
        paddingLength = padding
        payloadRange = offset..<(count &- padding)
        packetLength = count
    }

    /// Number of payload bytes (excluding padding).
    @inlinable public var payloadLength: Int { payloadRange.count }

    /// The CSRC identifier at `index` (0-based) read from the parsed `bytes`, or nil when
    /// `index` is outside the CSRC list or `bytes` is shorter than the parsed packet.
    @inlinable
    public func csrc<Bytes: RandomAccessCollection>(at index: Int, in bytes: Bytes) -> UInt32?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard index >= 0, index < csrcCount else { return nil }
        let offset = Self.fixedHeaderLength &+ index &* 4
        guard offset &+ 4 <= bytes.count else { return nil }
        return ByteAccess.uint32(bytes, offset)
    }

    /// Finds the RFC 8285 header extension element with local identifier `id` in the parsed
    /// `bytes`, without allocating, and returns the offsets of its data.
    ///
    /// Returns nil when there is no extension, the profile is not an RFC 8285 form, the id is
    /// absent, or the block is malformed before the element is reached.
    @inlinable
    public func extensionElement<Bytes: RandomAccessCollection>(id: UInt8, in bytes: Bytes) -> Range<Int>?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let form = extensionForm, extensionRange.upperBound <= bytes.count else { return nil }
        var elements = RTPHeaderExtensionElements(bytes, range: extensionRange, form: form)
        while let element = elements.next() {
            if element.id == id { return element.range }
        }
        return nil
    }
}
