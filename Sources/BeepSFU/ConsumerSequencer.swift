import BeepWire

/// Maps a producer's sequence numbers and timestamps into one consumer's continuous output
/// space (RFC 3550 §5.1 rules for a translator that switches sources, RFC 7667 §3.7).
///
/// Each time forwarding (re)starts — first packet, resume after pause or mute, a replaced
/// producer source — the offsets are recomputed so that the first packet gets the sequence
/// number right after the last one sent, and a timestamp equal to the last sent plus the
/// elapsed wall time in clock ticks. Between restarts the offsets are constant, so upstream
/// gaps stay visible (and NACKable) downstream.
struct ConsumerSequencer: Sendable {
    private var sequenceOffset: UInt16 = 0
    private var timestampOffset: UInt32 = 0
    /// The first producer sequence number of the current segment; older ones are dropped.
    private var segmentStart: UInt16?
    /// The consumer sequence number of the segment's first packet.
    private var segmentStartOut: UInt16 = 0
    private var lastSequence: UInt16?
    private var lastTimestamp: UInt32?
    private var lastSentAt: MonotonicTime?
    private var needsResync = true

    /// Starts a new segment at the next forwarded packet.
    mutating func resync() { needsResync = true }

    /// True when the next packet will start a new segment.
    var awaitingResync: Bool { needsResync }

    /// The consumer sequence number and timestamp for a producer packet, or nil when the packet
    /// is older than the current segment (it would break continuity).
    mutating func map(sequenceNumber: UInt16, timestamp: UInt32, clockRate: UInt32,
                      now: MonotonicTime) -> (sequenceNumber: UInt16, timestamp: UInt32)? {
        if needsResync {
            needsResync = false
            let outSequence = lastSequence.map { $0 &+ 1 } ?? sequenceNumber
            var outTimestamp = timestamp
            if let lastTimestamp, let lastSentAt {
                outTimestamp = lastTimestamp &+ Self.ticks(from: lastSentAt, to: now, clockRate: clockRate)
            }
            sequenceOffset = outSequence &- sequenceNumber
            timestampOffset = outTimestamp &- timestamp
            segmentStart = sequenceNumber
            segmentStartOut = outSequence
        } else if let segmentStart, SequenceArithmetic.isNewer(segmentStart, than: sequenceNumber) {
            return nil
        }
        let outSequence = sequenceNumber &+ sequenceOffset
        let outTimestamp = timestamp &+ timestampOffset
        if lastSequence.map({ SequenceArithmetic.isNewer(outSequence, than: $0) }) ?? true {
            lastSequence = outSequence
            lastTimestamp = outTimestamp
            lastSentAt = now
        }
        return (outSequence, outTimestamp)
    }

    /// The producer sequence number a consumer sequence number was mapped from, or nil when it
    /// lies outside the current segment (before it, or not sent yet).
    func producerSequence(for consumerSequence: UInt16) -> UInt16? {
        guard segmentStart != nil, let lastSequence else { return nil }
        guard !SequenceArithmetic.isNewer(segmentStartOut, than: consumerSequence),
              !SequenceArithmetic.isNewer(consumerSequence, than: lastSequence) else { return nil }
        return consumerSequence &- sequenceOffset
    }

    /// The consumer timestamp of a producer timestamp in the current segment.
    func consumerTimestamp(for producerTimestamp: UInt32) -> UInt32 { producerTimestamp &+ timestampOffset }

    /// True once a packet has been forwarded in the current segment.
    var hasForwarded: Bool { lastSequence != nil && !needsResync }

    /// At least one tick, so a restarted stream's timestamp moves forward (RFC 3550 §5.1).
    private static func ticks(from start: MonotonicTime, to end: MonotonicTime, clockRate: UInt32) -> UInt32 {
        let elapsed = max(0, end.nanoseconds &- start.nanoseconds)
        let (product, overflow) = elapsed.multipliedReportingOverflow(by: Int64(clockRate))
        let ticks = overflow ? Int64(UInt32.max) : product / 1_000_000_000
        return UInt32(clamping: max(1, ticks))
    }
}
