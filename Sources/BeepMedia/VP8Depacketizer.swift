import BeepRTP
import BeepWire

/// One VP8 frame reassembled from RTP packets.
public struct DepacketizedVideoFrame: Sendable, Hashable {
    /// The frame's bytes (descriptors removed).
    public var bytes: [UInt8]
    /// The RTP timestamp.
    public var timestamp: UInt32
    /// True for a key frame (RFC 6386 §9.1, bit 0 of the first byte is 0).
    public var isKeyFrame: Bool
    /// True when no packet is missing between the previous emitted frame and this one, so an
    /// inter frame can be decoded safely.
    public var isContinuous: Bool
    /// The PictureID, when the descriptor carries one.
    public var pictureID: UInt16?
}

/// What one packet fed to a ``VP8Depacketizer`` produced.
public struct VP8DepacketizerOutput: Sendable, Hashable {
    /// Frames completed by this packet, oldest first.
    public var frames: [DepacketizedVideoFrame] = []
    /// Sequence numbers this packet showed missing (a gap before it): what to NACK.
    public var missing: [UInt16] = []
}

/// Reassembles VP8 frames from RTP packets that may arrive out of order, duplicated or not
/// at all (RFC 7741 §4.2, §4.4): a frame is complete when its first packet (S = 1, PID = 0),
/// its last (marker bit) and every sequence number between have arrived with the same
/// timestamp. A complete inter frame after a gap is held back up to ``maxWait`` so that a
/// retransmission (RFC 4585 NACK) can fill the gap and the frames come out in order; a key
/// frame goes out at once. Frames older than one already emitted are dropped; the buffer is
/// bounded. Sans-IO: arrival times come in with the packets.
public struct VP8Depacketizer: Sendable {
    private struct Fragment: Sendable {
        var timestamp: UInt32
        var marker: Bool
        var startsFrame: Bool
        var pictureID: UInt16?
        var data: ArraySlice<UInt8>
    }

    /// Packets kept waiting for their frame at most this far behind the newest.
    public static let window: Int64 = 512
    /// How long a complete frame waits for the gap before it to be filled.
    public let maxWait: Duration
    private var holdingSince: MonotonicTime?
    private var unwrapper = SequenceUnwrapper()
    private var fragments: [Int64: Fragment] = [:]
    private var highest: Int64?
    private var lastEmitted: Int64?
    /// Packets whose payload descriptor did not parse.
    public private(set) var malformed = 0

    /// An empty depacketiser whose frames after a gap wait up to `maxWait` for it to fill.
    public init(maxWait: Duration = .milliseconds(100)) {
        self.maxWait = maxWait
    }

    /// Feeds one RTP packet's fields and payload.
    public mutating func push(sequenceNumber: UInt16, timestamp: UInt32, marker: Bool,
                              payload: ArraySlice<UInt8>, arrival: MonotonicTime) -> VP8DepacketizerOutput {
        var output = VP8DepacketizerOutput()
        guard let parsed = try? VP8PayloadDescriptor.parse(payload), parsed.payloadOffset <= payload.count else {
            malformed += 1
            return output
        }
        let (descriptor, offset) = parsed
        let extended = unwrapper.unwrap(sequenceNumber)
        if let lastEmitted, extended <= lastEmitted { return output }
        if let highest, extended > highest + 1 {
            let gap = min(extended - highest - 1, 64)
            output.missing = (0..<gap).map { UInt16(truncatingIfNeeded: highest + 1 + $0) }
        }
        highest = max(highest ?? extended, extended)
        fragments[extended] = Fragment(timestamp: timestamp, marker: marker, startsFrame: descriptor.isStartOfFrame,
                                       pictureID: descriptor.pictureID?.value,
                                       data: payload[(payload.startIndex + offset)...])
        if let highest { fragments = fragments.filter { $0.key > highest - Self.window } }
        output.frames = assemble(now: arrival)
        return output
    }

    /// Emits every complete frame, oldest first.
    private mutating func assemble(now: MonotonicTime) -> [DepacketizedVideoFrame] {
        var frames: [DepacketizedVideoFrame] = []
        for start in fragments.keys.sorted() {
            guard let first = fragments[start], first.startsFrame else { continue }
            if let lastEmitted, start <= lastEmitted { continue }
            var end = start
            var complete = false
            while let fragment = fragments[end], fragment.timestamp == first.timestamp {
                if fragment.marker { complete = true; break }
                end += 1
            }
            guard complete else { continue }
            var bytes: [UInt8] = []
            for sequence in start...end { bytes += fragments[sequence]?.data ?? [] }
            let continuous = lastEmitted.map { start == $0 + 1 } ?? false
            let isKeyFrame = bytes.first.map { $0 & 1 == 0 } ?? false
            if !continuous, !isKeyFrame, lastEmitted != nil {
                // A gap before this frame: give a retransmission time to fill it.
                let since = holdingSince ?? now
                holdingSince = since
                if now - since < maxWait { continue }
            }
            holdingSince = nil
            frames.append(DepacketizedVideoFrame(bytes: bytes, timestamp: first.timestamp, isKeyFrame: isKeyFrame,
                                                 isContinuous: continuous, pictureID: first.pictureID))
            lastEmitted = end
            fragments = fragments.filter { $0.key > end }
        }
        return frames
    }
}
