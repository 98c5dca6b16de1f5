/// What a bot draws into each video frame so a receiver can check order and delay after
/// VP8 compression: the frame number and the sender's wall-clock time in milliseconds
/// (modulo 2³²), protected by a CRC-8.
///
/// The 72 bits are drawn as 16×16 black (16) or white (235) luma blocks, aligned to VP8's
/// 16×16 macroblocks (RFC 6386 §2), row by row across the top of the picture; a reader
/// averages the inner 8×8 pixels of each block and thresholds at mid-grey, which survives
/// any reasonable quantisation. Pictures narrower than 256 pixels (a simulcast low layer)
/// use 8×8 blocks, aligned to the 8×8 chroma-sized halves of macroblocks, read over their
/// inner 4×4: writer and reader derive the size from the width alone.
public struct FrameStamp: Sendable, Hashable {
    /// The frame's number, counting from 0 at the sender.
    public var frameNumber: UInt32
    /// The sender's wall clock when it captured the frame, in milliseconds since 1970, mod 2³².
    public var sendTimeMillis: UInt32

    /// Side of one bit block in pixels, in pictures at least ``narrowWidth`` wide.
    public static let blockSize = 16
    /// Pictures narrower than this use blocks of half ``blockSize``.
    public static let narrowWidth = 256

    /// Side of one bit block in a `width`-pixel picture.
    public static func blockSize(width: Int) -> Int { width >= narrowWidth ? blockSize : blockSize / 2 }

    /// Height in pixels of the stamp band of a `width`-pixel picture; nil when it is too narrow.
    public static func bandHeight(width: Int) -> Int? { bandRows(width: width).map { $0 * blockSize(width: width) } }
    /// Bits drawn: 32 frame number + 32 time + 8 CRC.
    public static let bitCount = 72
    static let black: UInt8 = 16
    static let white: UInt8 = 235

    /// A stamp.
    public init(frameNumber: UInt32, sendTimeMillis: UInt32) {
        self.frameNumber = frameNumber
        self.sendTimeMillis = sendTimeMillis
    }

    /// Rows of blocks a `width`-pixel frame needs for the stamp; nil when it is too narrow.
    public static func bandRows(width: Int) -> Int? {
        let perRow = width / blockSize(width: width)
        guard perRow >= 8 else { return nil }
        return (bitCount + perRow - 1) / perRow
    }

    /// Draws the stamp into the top band of `frame`; false when the frame is too small.
    @discardableResult
    public func draw(into frame: inout I420Frame) -> Bool {
        let size = Self.blockSize(width: frame.width)
        guard let band = Self.bandHeight(width: frame.width), band <= frame.height else { return false }
        let perRow = frame.width / size
        for (index, bit) in bits.enumerated() {
            frame.fillLuma(x: (index % perRow) * size, y: (index / perRow) * size,
                           width: size, height: size, value: bit ? Self.white : Self.black)
        }
        return true
    }

    /// Reads a stamp back from a (decoded) frame; nil when the CRC does not match or the
    /// frame is too small.
    public static func read(from frame: I420Frame) -> FrameStamp? {
        let size = blockSize(width: frame.width)
        guard let band = bandHeight(width: frame.width), band <= frame.height else { return nil }
        let perRow = frame.width / size
        var bits: [Bool] = []
        bits.reserveCapacity(bitCount)
        for index in 0..<bitCount {
            let x = (index % perRow) * size + size / 4
            let y = (index / perRow) * size + size / 4
            bits.append(frame.meanLuma(x: x, y: y, width: size / 2, height: size / 2) >= 128)
        }
        return decode(bits)
    }

    /// The 72 bits: frame number and time most significant bit first, then their CRC-8.
    var bits: [Bool] {
        let payload = Self.payloadBytes(frameNumber: frameNumber, sendTimeMillis: sendTimeMillis)
        let bytes = payload + [Self.crc8(payload)]
        return bytes.flatMap { byte in (0..<8).map { byte & (0x80 >> $0) != 0 } }
    }

    static func decode(_ bits: [Bool]) -> FrameStamp? {
        guard bits.count == bitCount else { return nil }
        var bytes: [UInt8] = []
        for start in stride(from: 0, to: bitCount, by: 8) {
            var byte: UInt8 = 0
            for offset in 0..<8 where bits[start + offset] { byte |= 0x80 >> UInt8(offset) }
            bytes.append(byte)
        }
        let payload = Array(bytes.prefix(8))
        guard bytes.count == 9, crc8(payload) == bytes[8] else { return nil }
        let number = payload[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let time = payload[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return FrameStamp(frameNumber: number, sendTimeMillis: time)
    }

    static func payloadBytes(frameNumber: UInt32, sendTimeMillis: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: frameNumber >> $0) }
            + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: sendTimeMillis >> $0) }
    }

    /// CRC-8 with polynomial 0x07 (CRC-8/SMBUS), MSB first.
    static func crc8(_ bytes: [UInt8]) -> UInt8 {
        var crc: UInt8 = 0
        for byte in bytes {
            crc ^= byte
            for _ in 0..<8 { crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x07 : crc << 1 }
        }
        return crc
    }
}
