import BeepWire

/// Receive-side accounting for one producer's RTP stream: counts, loss from sequence gaps
/// (RFC 3550 §A.3) and interarrival jitter (RFC 3550 §A.8), in the stream's timestamp units.
struct StreamReceiveStatistics: Sendable {
    private var unwrapper = SequenceUnwrapper()
    private var baseSequence: Int64?
    private var lastTransit: Int64?
    private var jitterScaled: Int64 = 0

    /// Packets received, retransmissions and duplicates included.
    private(set) var packets: UInt64 = 0
    /// Bytes received (whole RTP packets).
    private(set) var bytes: UInt64 = 0

    /// The extended sequence number of `sequenceNumber` relative to the highest seen, and
    /// whether it advanced the highest (false for late or repeated packets).
    mutating func record(sequenceNumber: UInt16, timestamp: UInt32, length: Int, arrival: MonotonicTime,
                         clockRate: UInt32) -> (extended: Int64, previousHighest: Int64?) {
        let previous = unwrapper.extendedHighest
        let extended = unwrapper.unwrap(sequenceNumber)
        if baseSequence == nil { baseSequence = extended }
        if let base = baseSequence, extended < base { baseSequence = extended }
        packets &+= 1
        bytes &+= UInt64(clamping: length)
        // RFC 3550 §A.8: J += (|D| - J) / 16 with D the transit difference in timestamp units.
        let arrivalUnits = arrival.nanoseconds.multipliedReportingOverflow(by: Int64(clockRate))
        if !arrivalUnits.overflow {
            let transit = arrivalUnits.partialValue / 1_000_000_000 &- Int64(timestamp)
            if let lastTransit, previous.map({ extended > $0 }) ?? false {
                let difference = transit &- lastTransit
                let magnitude = difference < 0 ? 0 &- difference : difference
                jitterScaled &+= magnitude &- (jitterScaled &+ 8) / 16
            }
            lastTransit = transit
        }
        return (extended, previous)
    }

    /// Packets expected minus received (RFC 3550 §A.3), never negative.
    var packetsLost: UInt64 {
        guard let base = baseSequence, let highest = unwrapper.extendedHighest else { return 0 }
        let expected = highest &- base &+ 1
        let received = Int64(clamping: packets)
        return expected > received ? UInt64(clamping: expected &- received) : 0
    }

    /// Interarrival jitter in timestamp units (RFC 3550 §6.4.1).
    var jitter: UInt32 { UInt32(clamping: max(0, jitterScaled / 16)) }
}
