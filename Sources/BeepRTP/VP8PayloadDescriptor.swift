import BeepWire

/// The VP8 payload descriptor at the start of every VP8 RTP payload (RFC 7741 §4.2):
///
///     |X|R|N|S|R| PID |      required
///     |I|L|T|K| RSV   |      if X
///     |M| PictureID   |      if I (second PictureID byte if M: 15 bits)
///     |   TL0PICIDX   |      if L
///     |TID|Y| KEYIDX  |      if T or K
///
/// Parsing holds only scalars and never allocates. Building sets X only when an extension
/// field is present, so a parsed descriptor with X=1 and I=L=T=K=0 builds one byte shorter.
public struct VP8PayloadDescriptor: Sendable, Hashable {
    /// A PictureID and its wire width (RFC 7741 §4.2, M bit).
    public enum PictureID: Sendable, Hashable {
        /// M = 0: a 7-bit PictureID (0-127).
        case short(UInt8)
        /// M = 1: a 15-bit PictureID (0-32767).
        case long(UInt16)

        /// The numeric value.
        public var value: UInt16 {
            switch self {
            case .short(let value): UInt16(value & 0x7F)
            case .long(let value): value & 0x7FFF
            }
        }

        /// The same width holding `value` truncated to that width (7 or 15 bits), as an SFU
        /// rewriting picture ids must keep the width the receiver saw.
        public func withValue(_ value: UInt16) -> PictureID {
            switch self {
            case .short: .short(UInt8(truncatingIfNeeded: value) & 0x7F)
            case .long: .long(value & 0x7FFF)
            }
        }
    }

    /// N: the frame can be discarded without affecting others.
    public var nonReference: Bool
    /// S: this packet starts a VP8 partition.
    public var startOfPartition: Bool
    /// PID: the partition index, 0-7.
    public var partitionIndex: UInt8
    /// The PictureID, when I is set.
    public var pictureID: PictureID?
    /// The temporal level zero index, when L is set.
    public var tl0PicIdx: UInt8?
    /// TID: the temporal layer index 0-3, when T is set.
    public var temporalLayerIndex: UInt8?
    /// Y: layer sync bit (only meaningful when ``temporalLayerIndex`` is set).
    public var layerSync: Bool
    /// KEYIDX: the temporal key frame index 0-31, when K is set.
    public var keyIndex: UInt8?

    /// A descriptor with the given fields.
    public init(nonReference: Bool = false, startOfPartition: Bool = true, partitionIndex: UInt8 = 0,
                pictureID: PictureID? = nil, tl0PicIdx: UInt8? = nil, temporalLayerIndex: UInt8? = nil,
                layerSync: Bool = false, keyIndex: UInt8? = nil) {
        self.nonReference = nonReference
        self.startOfPartition = startOfPartition
        self.partitionIndex = partitionIndex
        self.pictureID = pictureID
        self.tl0PicIdx = tl0PicIdx
        self.temporalLayerIndex = temporalLayerIndex
        self.layerSync = layerSync
        self.keyIndex = keyIndex
    }

    /// True when this packet begins a frame: S = 1 and PID = 0 (RFC 7741 §4.2).
    public var isStartOfFrame: Bool { startOfPartition && partitionIndex == 0 }

    /// Parses the descriptor at the start of a VP8 RTP payload; fuzz-friendly. Returns the
    /// descriptor and the offset where the VP8 data begins (which may equal the payload
    /// length). Throws ``WireError`` `.truncated` when a field the flags announce is missing.
    @inlinable
    public static func parse<Bytes: RandomAccessCollection>(_ payload: Bytes) throws(WireError)
        -> (descriptor: VP8PayloadDescriptor, payloadOffset: Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let layout = try VP8DescriptorLayout(payload)
        var descriptor = VP8PayloadDescriptor(
            nonReference: layout.first & 0x20 != 0, startOfPartition: layout.first & 0x10 != 0,
            partitionIndex: layout.first & 0x07)
        if let offset = layout.pictureIDOffset {
            descriptor.pictureID = layout.pictureIDIsLong
                ? .long(ByteAccess.uint16(payload, offset) & 0x7FFF)
                : .short(ByteAccess.byte(payload, offset) & 0x7F)
        }
        if let offset = layout.tl0PicIdxOffset {
            descriptor.tl0PicIdx = ByteAccess.byte(payload, offset)
        }
        if let offset = layout.tidKeyIndexOffset {
            let byte = ByteAccess.byte(payload, offset)
            if layout.hasTID {
                descriptor.temporalLayerIndex = byte >> 6
                descriptor.layerSync = byte & 0x20 != 0
            }
            if layout.hasKeyIndex { descriptor.keyIndex = byte & 0x1F }
        }
        return (descriptor, layout.length)
    }

    /// The wire form (RFC 7741 §4.2). Out-of-range values are truncated to their field width.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(6)
        let hasTK = temporalLayerIndex != nil || keyIndex != nil
        let extended = pictureID != nil || tl0PicIdx != nil || hasTK
        out.append((extended ? 0x80 : 0) | (nonReference ? 0x20 : 0) | (startOfPartition ? 0x10 : 0)
            | (partitionIndex & 0x07))
        guard extended else { return out }
        out.append((pictureID != nil ? 0x80 : 0) | (tl0PicIdx != nil ? 0x40 : 0)
            | (temporalLayerIndex != nil ? 0x20 : 0) | (keyIndex != nil ? 0x10 : 0))
        switch pictureID {
        case .short(let value):
            out.append(value & 0x7F)
        case .long(let value):
            out.append(0x80 | UInt8(truncatingIfNeeded: value >> 8) & 0x7F)
            out.append(UInt8(truncatingIfNeeded: value))
        case nil:
            break
        }
        if let tl0PicIdx { out.append(tl0PicIdx) }
        if hasTK {
            var byte: UInt8 = keyIndex.map { $0 & 0x1F } ?? 0
            if let temporalLayerIndex {
                byte |= (temporalLayerIndex & 0x03) << 6 | (layerSync ? 0x20 : 0)
            }
            out.append(byte)
        }
        return out
    }

    /// Rewrites the PictureID and/or TL0PICIDX of the descriptor at the start of `payload` in
    /// place, keeping the PictureID's 7- or 15-bit width (the value is truncated to it).
    ///
    /// Throws like ``parse(_:)``, or `.unsupported` when asked to rewrite a field the
    /// descriptor does not carry; nothing is written when it throws. Never allocates.
    @inlinable
    public static func rewrite<Bytes: MutableCollection & RandomAccessCollection>(
        in payload: inout Bytes, pictureID: UInt16? = nil, tl0PicIdx: UInt8? = nil
    ) throws(WireError) where Bytes.Element == UInt8, Bytes.Index == Int {
        let layout = try VP8DescriptorLayout(payload)
        if pictureID != nil, layout.pictureIDOffset == nil {
            throw WireError(.unsupported, "VP8 descriptor: no PictureID to rewrite")
        }
        if tl0PicIdx != nil, layout.tl0PicIdxOffset == nil {
            throw WireError(.unsupported, "VP8 descriptor: no TL0PICIDX to rewrite")
        }
        if let pictureID, let offset = layout.pictureIDOffset {
            if layout.pictureIDIsLong {
                ByteAccess.store(0x8000 | (pictureID & 0x7FFF), in: &payload, at: offset)
            } else {
                ByteAccess.store(UInt8(truncatingIfNeeded: pictureID) & 0x7F, in: &payload, at: offset)
            }
        }
        if let tl0PicIdx, let offset = layout.tl0PicIdxOffset {
            ByteAccess.store(tl0PicIdx, in: &payload, at: offset)
        }
    }
}

/// Where the fields of a VP8 payload descriptor sit (RFC 7741 §4.2); shared by parsing and
/// in-place rewriting.
@usableFromInline
struct VP8DescriptorLayout {
    @usableFromInline let first: UInt8
    @usableFromInline let pictureIDOffset: Int?
    @usableFromInline let pictureIDIsLong: Bool
    @usableFromInline let tl0PicIdxOffset: Int?
    @usableFromInline let tidKeyIndexOffset: Int?
    @usableFromInline let hasTID: Bool
    @usableFromInline let hasKeyIndex: Bool
    @usableFromInline let length: Int

    @inlinable
    init<Bytes: RandomAccessCollection>(_ bytes: Bytes) throws(WireError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let count = bytes.count
        guard count >= 1 else { throw WireError(.truncated, "VP8 descriptor: empty payload") }
        first = ByteAccess.byte(bytes, 0)
        var offset = 1
        var pictureIDOffset: Int?
        var pictureIDIsLong = false
        var tl0PicIdxOffset: Int?
        var tidKeyIndexOffset: Int?
        var hasTID = false
        var hasKeyIndex = false
        if first & 0x80 != 0 {
            guard offset < count else { throw WireError(.truncated, "VP8 descriptor: X set, extension byte missing") }
            let flags = ByteAccess.byte(bytes, offset)
            offset &+= 1
            if flags & 0x80 != 0 {
                guard offset < count else { throw WireError(.truncated, "VP8 descriptor: I set, PictureID missing") }
                pictureIDOffset = offset
                pictureIDIsLong = ByteAccess.byte(bytes, offset) & 0x80 != 0
                offset &+= pictureIDIsLong ? 2 : 1
                guard offset <= count else { throw WireError(.truncated, "VP8 descriptor: 15-bit PictureID cut short") }
            }
            if flags & 0x40 != 0 {
                guard offset < count else { throw WireError(.truncated, "VP8 descriptor: L set, TL0PICIDX missing") }
                tl0PicIdxOffset = offset
                offset &+= 1
            }
            hasTID = flags & 0x20 != 0
            hasKeyIndex = flags & 0x10 != 0
            if hasTID || hasKeyIndex {
                guard offset < count else { throw WireError(.truncated, "VP8 descriptor: T/K set, TID/KEYIDX byte missing") }
                tidKeyIndexOffset = offset
                offset &+= 1
            }
        }
        self.pictureIDOffset = pictureIDOffset
        self.pictureIDIsLong = pictureIDIsLong
        self.tl0PicIdxOffset = tl0PicIdxOffset
        self.tidKeyIndexOffset = tidKeyIndexOffset
        self.hasTID = hasTID
        self.hasKeyIndex = hasKeyIndex
        self.length = offset
    }
}
