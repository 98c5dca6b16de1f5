import BeepWire

/// An Opus packet's framing (RFC 6716 §3.2): its TOC, how many frames it holds, where each
/// frame's data is, and any code 3 padding, validated against RFC 6716 §3.4 [R1]-[R7].
///
/// The frame data itself is not decoded. ``isDTX`` applies the usual rule for discontinuous
/// transmission: a packet of at most 2 bytes carries only the TOC (and at most a frame count
/// or length byte), i.e. zero-length frames, which a decoder treats as missing audio and
/// conceals or fills with comfort noise (RFC 6716 §3.2.1: a zero-length frame is a dropped
/// frame). libopus's encoder emits such packets during silence when DTX is on.
public struct OpusPacket: Sendable, Hashable {
    /// The largest frame RFC 6716 §3.4 [R2] allows, in bytes.
    public static let maximumFrameLength = 1275
    /// The longest packet duration RFC 6716 §3.4 [R5] allows: 120 ms in 48 kHz samples.
    public static let maximumDurationSamples = 5760

    /// The TOC byte.
    public let toc: OpusTOC
    /// Offsets of each frame's data in the parsed packet (a range may be empty).
    public let frames: [Range<Int>]
    /// True for variable-size frames: code 2, or code 3 with the v bit.
    public let isVBR: Bool
    /// The code 3 p bit: padding length bytes follow the frame count byte.
    public let hasPadding: Bool
    /// Code 3 padding bytes at the end of the packet (not counting the padding length bytes).
    public let paddingLength: Int
    /// Total packet length.
    public let packetLength: Int

    /// Number of frames.
    public var frameCount: Int { frames.count }
    /// Duration of the packet in 48 kHz samples.
    public var durationSamples: Int { frames.count * toc.frameDurationSamples }
    /// True for a DTX / comfort-noise packet: at most 2 bytes (see the type's documentation).
    public var isDTX: Bool { packetLength <= 2 }

    /// Parses and validates an Opus packet (RFC 6716 §3.2, §3.4); fuzz-friendly.
    ///
    /// Throws ``WireError`` `.truncated` when a length, count or padding byte is missing or a
    /// frame runs past the end, `.malformed` for the other [R1]-[R7] violations (odd code 1
    /// payload, frame over 1275 bytes, zero frames or over 120 ms, CBR size not a multiple of
    /// the count, padding beyond the packet).
    public init(parsing packet: [UInt8]) throws(WireError) {
        var frames: [Range<Int>] = []
        let summary = try Self.walk(packet) { frames.append($0) }
        self.toc = summary.toc
        self.frames = frames
        self.isVBR = summary.isVBR
        self.hasPadding = summary.hasPadding
        self.paddingLength = summary.paddingLength
        self.packetLength = packet.count
    }

    /// Validates an Opus packet like ``init(parsing:)`` without allocating, returning its TOC
    /// and frame count.
    @inlinable
    public static func validate<Bytes: RandomAccessCollection>(_ packet: Bytes) throws(WireError)
        -> (toc: OpusTOC, frameCount: Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let summary = try walk(packet) { _ in }
        return (summary.toc, summary.frameCount)
    }

    /// What ``walk(_:frame:)`` learned besides the frame ranges.
    @usableFromInline
    struct Summary {
        @usableFromInline let toc: OpusTOC
        @usableFromInline let frameCount: Int
        @usableFromInline let isVBR: Bool
        @usableFromInline let hasPadding: Bool
        @usableFromInline let paddingLength: Int

        @inlinable
        init(toc: OpusTOC, frameCount: Int, isVBR: Bool, hasPadding: Bool = false, paddingLength: Int = 0) {
            self.toc = toc
            self.frameCount = frameCount
            self.isVBR = isVBR
            self.hasPadding = hasPadding
            self.paddingLength = paddingLength
        }
    }

    /// Walks the packet's framing, calling `frame` with each frame's range in order.
    @inlinable
    static func walk<Bytes: RandomAccessCollection>(
        _ packet: Bytes, frame: (Range<Int>) -> Void
    ) throws(WireError) -> Summary where Bytes.Element == UInt8, Bytes.Index == Int {
        let toc = try OpusTOC.parse(packet)
        let count = packet.count
        var offset = 1
        switch toc.frameCountCode {
        case .one:
            try checkFrameLength(count &- offset)
            frame(offset..<count)
            return Summary(toc: toc, frameCount: 1, isVBR: false)
        case .twoEqual:
            let total = count &- offset
            guard total % 2 == 0 else {
                throw WireError(.malformed, "Opus code 1: \(total) bytes of frames is odd (RFC 6716 §3.4 [R3])")
            }
            let half = total / 2
            try checkFrameLength(half)
            frame(offset..<(offset &+ half))
            frame((offset &+ half)..<count)
            return Summary(toc: toc, frameCount: 2, isVBR: false)
        case .twoDifferent:
            let first = try readFrameLength(packet, at: &offset)
            guard first <= count &- offset else {
                throw WireError(.truncated, "Opus code 2: first frame of \(first) bytes runs past the packet (RFC 6716 §3.4 [R4])")
            }
            try checkFrameLength(first)
            let split = offset &+ first
            try checkFrameLength(count &- split)
            frame(offset..<split)
            frame(split..<count)
            return Summary(toc: toc, frameCount: 2, isVBR: true)
        case .arbitrary:
            guard offset < count else {
                throw WireError(.truncated, "Opus code 3: frame count byte missing (RFC 6716 §3.4 [R6], [R7])")
            }
            let countByte = ByteAccess.byte(packet, offset)
            offset &+= 1
            let isVBR = countByte & 0x80 != 0
            let hasPadding = countByte & 0x40 != 0
            let frameCount = Int(countByte & 0x3F)
            guard frameCount >= 1 else {
                throw WireError(.malformed, "Opus code 3: frame count 0 (RFC 6716 §3.4 [R5])")
            }
            guard frameCount &* toc.frameDurationSamples <= maximumDurationSamples else {
                throw WireError(.malformed, "Opus code 3: \(frameCount) frames exceed 120 ms (RFC 6716 §3.4 [R5])")
            }
            var padding = 0
            if hasPadding {
                while true {
                    guard offset < count else {
                        throw WireError(.truncated, "Opus code 3: padding length byte missing")
                    }
                    let byte = ByteAccess.byte(packet, offset)
                    offset &+= 1
                    padding &+= byte == 255 ? 254 : Int(byte)
                    if byte != 255 { break }
                }
            }
            guard padding <= count &- offset else {
                throw WireError(.malformed, "Opus code 3: padding of \(padding) bytes larger than the packet (RFC 6716 §3.4 [R6], [R7])")
            }
            let dataEnd = count &- padding
            if isVBR {
                // First pass: the M-1 length fields and their total must fit ([R7]).
                var cursor = offset
                var total = 0
                for _ in 0..<(frameCount &- 1) {
                    let length = try readFrameLength(packet, at: &cursor, end: dataEnd)
                    try checkFrameLength(length)
                    total &+= length
                }
                guard total <= dataEnd &- cursor else {
                    throw WireError(.truncated, "Opus code 3 VBR: frames of \(total) bytes run past the packet (RFC 6716 §3.4 [R7])")
                }
                let last = dataEnd &- cursor &- total
                try checkFrameLength(last)
                // Second pass: report the ranges.
                var start = cursor
                for _ in 0..<(frameCount &- 1) {
                    let length = try readFrameLength(packet, at: &offset, end: dataEnd)
                    frame(start..<(start &+ length))
                    start &+= length
                }
                frame(start..<dataEnd)
            } else {
                let total = dataEnd &- offset
                guard total % frameCount == 0 else {
                    throw WireError(.malformed, "Opus code 3 CBR: \(total) bytes not a multiple of \(frameCount) frames (RFC 6716 §3.4 [R6])")
                }
                let each = total / frameCount
                try checkFrameLength(each)
                for index in 0..<frameCount {
                    let start = offset &+ index &* each
                    frame(start..<(start &+ each))
                }
            }
            return Summary(toc: toc, frameCount: frameCount, isVBR: isVBR, hasPadding: hasPadding, paddingLength: padding)
        }
    }

    /// Reads a 1- or 2-byte frame length (RFC 6716 §3.2.1) before `end` (default: the packet end).
    @inlinable
    static func readFrameLength<Bytes: RandomAccessCollection>(
        _ packet: Bytes, at offset: inout Int, end: Int? = nil
    ) throws(WireError) -> Int where Bytes.Element == UInt8, Bytes.Index == Int {
        let limit = min(end ?? packet.count, packet.count)
        guard offset < limit else {
            throw WireError(.truncated, "Opus frame length byte missing (RFC 6716 §3.2.1)")
        }
        let first = Int(ByteAccess.byte(packet, offset))
        offset &+= 1
        guard first >= 252 else { return first }
        guard offset < limit else {
            throw WireError(.truncated, "Opus frame length: second byte missing (RFC 6716 §3.2.1)")
        }
        let second = Int(ByteAccess.byte(packet, offset))
        offset &+= 1
        return second &* 4 &+ first
    }

    /// Enforces RFC 6716 §3.4 [R2].
    @inlinable
    static func checkFrameLength(_ length: Int) throws(WireError) {
        guard length <= maximumFrameLength else {
            throw WireError(.malformed, "Opus frame of \(length) bytes exceeds 1275 (RFC 6716 §3.4 [R2])")
        }
    }
}
