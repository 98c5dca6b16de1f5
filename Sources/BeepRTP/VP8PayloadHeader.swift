import BeepWire

/// The VP8 payload header (RFC 7741 §4.3): the first 3 bytes of a VP8 frame (the frame tag of
/// RFC 6386 §9.1), present in the packet whose descriptor has S = 1 and PID = 0; for key
/// frames followed by the 7-byte key frame header (start code 9d 01 2a, then 14-bit width and
/// height each with a 2-bit scale, little-endian; RFC 6386 §9.1).
///
///     |Size0|H| VER |P|
///     |     Size1     |
///     |     Size2     |
public struct VP8PayloadHeader: Sendable, Hashable {
    /// Picture size carried by a key frame header (RFC 6386 §9.1).
    public struct Dimensions: Sendable, Hashable {
        /// Width in pixels (14 bits).
        public var width: UInt16
        /// Height in pixels (14 bits).
        public var height: UInt16
        /// Horizontal upscaling code (2 bits).
        public var horizontalScale: UInt8
        /// Vertical upscaling code (2 bits).
        public var verticalScale: UInt8

        /// Dimensions with the given values (scales default to none).
        public init(width: UInt16, height: UInt16, horizontalScale: UInt8 = 0, verticalScale: UInt8 = 0) {
            self.width = width
            self.height = height
            self.horizontalScale = horizontalScale
            self.verticalScale = verticalScale
        }
    }

    /// Length of the frame tag.
    public static let length = 3
    /// Length of the frame tag plus the key frame header.
    public static let keyFrameLength = 10

    /// P = 0: the frame is a key frame (the bit is an inverse key frame flag).
    public var isKeyFrame: Bool
    /// VER: the VP8 version (0-7).
    public var version: UInt8
    /// H: the frame is meant to be shown.
    public var showFrame: Bool
    /// The first partition's size in bytes (19 bits: Size0 + 8 Size1 + 2048 Size2).
    public var firstPartitionSize: UInt32
    /// For key frames whose key frame header is in the packet: the picture size.
    public var dimensions: Dimensions?

    /// A header with the given fields.
    public init(isKeyFrame: Bool, version: UInt8 = 0, showFrame: Bool = true, firstPartitionSize: UInt32,
                dimensions: Dimensions? = nil) {
        self.isKeyFrame = isKeyFrame
        self.version = version
        self.showFrame = showFrame
        self.firstPartitionSize = firstPartitionSize
        self.dimensions = dimensions
    }

    /// Parses the header at the start of VP8 frame data (after the payload descriptor);
    /// fuzz-friendly. ``dimensions`` is nil when a key frame's 7-byte header is not all there.
    /// Throws ``WireError`` `.truncated` under 3 bytes, `.malformed` for a key frame whose start
    /// code is wrong.
    @inlinable
    public init<Bytes: RandomAccessCollection>(parsing data: Bytes) throws(WireError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard data.count >= Self.length else {
            throw WireError(.truncated, "VP8 payload header: need 3 bytes, have \(data.count)")
        }
        let tag = UInt32(ByteAccess.byte(data, 0)) | UInt32(ByteAccess.byte(data, 1)) << 8
            | UInt32(ByteAccess.byte(data, 2)) << 16
        isKeyFrame = tag & 0x01 == 0
        version = UInt8(truncatingIfNeeded: tag >> 1) & 0x07
        showFrame = tag & 0x10 != 0
        firstPartitionSize = tag >> 5
        dimensions = nil
        if isKeyFrame, data.count >= Self.keyFrameLength {
            guard ByteAccess.byte(data, 3) == 0x9D, ByteAccess.byte(data, 4) == 0x01, ByteAccess.byte(data, 5) == 0x2A else {
                throw WireError(.malformed, "VP8 key frame: start code is not 9d 01 2a")
            }
            let horizontal = UInt16(ByteAccess.byte(data, 6)) | UInt16(ByteAccess.byte(data, 7)) << 8
            let vertical = UInt16(ByteAccess.byte(data, 8)) | UInt16(ByteAccess.byte(data, 9)) << 8
            dimensions = Dimensions(width: horizontal & 0x3FFF, height: vertical & 0x3FFF,
                                    horizontalScale: UInt8(truncatingIfNeeded: horizontal >> 14),
                                    verticalScale: UInt8(truncatingIfNeeded: vertical >> 14))
        }
    }

    /// The wire form: 3 bytes, or 10 for a key frame with ``dimensions``. Values are truncated
    /// to their field widths.
    public var bytes: [UInt8] {
        let tag = (isKeyFrame ? 0 : 1) | UInt32(version & 0x07) << 1 | (showFrame ? 0x10 : 0)
            | (firstPartitionSize & 0x7_FFFF) << 5
        var out: [UInt8] = [UInt8(truncatingIfNeeded: tag), UInt8(truncatingIfNeeded: tag >> 8),
                            UInt8(truncatingIfNeeded: tag >> 16)]
        if isKeyFrame, let dimensions {
            let horizontal = dimensions.width & 0x3FFF | UInt16(dimensions.horizontalScale & 0x03) << 14
            let vertical = dimensions.height & 0x3FFF | UInt16(dimensions.verticalScale & 0x03) << 14
            out += [0x9D, 0x01, 0x2A,
                    UInt8(truncatingIfNeeded: horizontal), UInt8(truncatingIfNeeded: horizontal >> 8),
                    UInt8(truncatingIfNeeded: vertical), UInt8(truncatingIfNeeded: vertical >> 8)]
        }
        return out
    }

    /// True when the VP8 RTP payload (descriptor included) starts a key frame: the descriptor
    /// has S = 1 and PID = 0 and the payload header's P bit is 0 (RFC 7741 §4.3). Never
    /// throws or allocates; false for anything unparsable.
    @inlinable
    public static func isKeyFrame<Bytes: RandomAccessCollection>(rtpPayload: Bytes) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let layout = try? VP8DescriptorLayout(rtpPayload),
              layout.first & 0x10 != 0, layout.first & 0x07 == 0,
              layout.length < rtpPayload.count else { return false }
        return ByteAccess.byte(rtpPayload, layout.length) & 0x01 == 0
    }
}
