import BeepRTCP
import BeepRTP
import BeepWire

/// Reception bookkeeping for one remote SSRC (RFC 3550 §6.4.1, §A.1, §A.3, §A.8): extended
/// highest sequence number, packets received, cumulative and interval loss, interarrival jitter,
/// and the last sender report heard, turned into a ``ReportBlock`` at report time.
///
/// Sans-IO: arrival and report instants come in as ``MonotonicTime`` arguments.
///
/// Source validation is the minimal part of RFC 3550 §A.1: the first packet is accepted at once
/// (no `MIN_SEQUENTIAL` probation, since SRTP authentication already vouches for the source), a
/// jump of `maxDropout` (3000) or more ahead is ignored unless the next packet follows it in
/// sequence, in which case the sender is taken to have restarted and the statistics restart from
/// that packet; packets up to `maxMisorder` (100) behind the highest are counted as late or
/// duplicate arrivals.
public struct ReceptionStatistics: Sendable {
    /// RFC 3550 §A.1 `MAX_DROPOUT`: the largest forward gap accepted as loss.
    public static let maxDropout: UInt16 = 3000
    /// RFC 3550 §A.1 `MAX_MISORDER`: how far behind the highest a late packet may arrive.
    public static let maxMisorder: UInt16 = 100

    /// The remote source these statistics describe.
    public let ssrc: UInt32
    /// The source's RTP clock, used to express arrival times in timestamp units for jitter.
    public let clock: RTPClock

    private var unwrapper = SequenceUnwrapper()
    private var baseSequence: Int64 = 0
    /// RFC 3550 §A.1 `bad_seq`: the sequence number that would confirm a restart after a jump.
    private var restartCandidate: UInt16?
    private var expectedPrior: Int64 = 0
    private var receivedPrior: Int64 = 0
    /// Interarrival jitter estimate in RTP timestamp units (RFC 3550 §A.8, kept unrounded).
    private var jitterEstimate: Double = 0
    private var previousArrival: MonotonicTime?
    private var previousTimestamp: UInt32 = 0
    private var lastSenderReportNTP: UInt32 = 0
    private var lastSenderReportArrival: MonotonicTime?

    /// Packets counted as received since the statistics (re)started, duplicates included
    /// (RFC 3550 §A.3 `received`).
    public private(set) var packetsReceived: Int64 = 0
    /// When the last counted packet arrived, nil before the first.
    public private(set) var lastPacketArrival: MonotonicTime?
    /// True when a packet was counted since the last ``makeReportBlock(now:)``.
    public private(set) var receivedSinceLastReport = false
    /// Sequence restarts detected (RFC 3550 §A.1, two sequential packets after a large jump).
    public private(set) var restarts = 0

    /// Empty statistics for `ssrc`, whose media clock is `clock`.
    public init(ssrc: UInt32, clock: RTPClock) {
        self.ssrc = ssrc
        self.clock = clock
    }

    /// The extended highest sequence number received (RFC 3550 §A.1 `cycles + max_seq`), nil
    /// before the first packet.
    public var extendedHighestSequence: Int64? { unwrapper.extendedHighest }

    /// Packets expected so far: extended highest minus the first sequence number, plus one
    /// (RFC 3550 §A.3).
    public var packetsExpected: Int64 {
        guard let highest = unwrapper.extendedHighest else { return 0 }
        return highest &- baseSequence &+ 1
    }

    /// Cumulative packets lost (RFC 3550 §A.3): expected minus received, negative when
    /// duplicates outnumber losses.
    public var cumulativeLost: Int64 { packetsExpected &- packetsReceived }

    /// Interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1, §A.8).
    public var jitter: Double { jitterEstimate }

    /// Records a received RTP packet from its parsed header (see ``record(sequenceNumber:timestamp:arrival:)``).
    /// Packets of another SSRC are ignored and return false.
    @discardableResult
    public mutating func record(_ header: RTPHeaderView, arrival: MonotonicTime) -> Bool {
        guard header.ssrc == ssrc else { return false }
        return record(sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, arrival: arrival)
    }

    /// Records a received RTP packet (RFC 3550 §A.1 `update_seq`, §A.8 jitter).
    ///
    /// Returns false when the packet is not counted: a large jump that has not (yet) been
    /// confirmed as a restart by a sequential successor.
    @discardableResult
    public mutating func record(sequenceNumber: UInt16, timestamp: UInt32, arrival: MonotonicTime) -> Bool {
        guard let highest = unwrapper.extendedHighest else {
            restart(at: sequenceNumber)
            count(timestamp: timestamp, arrival: arrival)
            return true
        }
        let forward = sequenceNumber &- UInt16(truncatingIfNeeded: highest)
        if forward < Self.maxDropout {
            // In order, with a permissible gap (RFC 3550 §A.1); wrap-around is handled by the unwrapper.
            restartCandidate = nil
            _ = unwrapper.unwrap(sequenceNumber)
        } else if forward <= UInt16.max &- Self.maxMisorder &+ 1 {
            // A very large jump (RFC 3550 §A.1): restart only if this packet follows the previous jump.
            guard restartCandidate == sequenceNumber else {
                restartCandidate = sequenceNumber &+ 1
                return false
            }
            restarts &+= 1
            restart(at: sequenceNumber)
        } else {
            // A duplicate or a late packet within MAX_MISORDER: counted, highest unchanged.
            _ = unwrapper.unwrap(sequenceNumber)
        }
        count(timestamp: timestamp, arrival: arrival)
        return true
    }

    /// Remembers a sender report from this source (RFC 3550 §6.4.1 LSR): its NTP timestamp's
    /// middle 32 bits and when it arrived, for the LSR/DLSR fields of the next report block.
    public mutating func recordSenderReport(ntpTimestamp: NTPTimestamp, arrival: MonotonicTime) {
        lastSenderReportNTP = ntpTimestamp.compact
        lastSenderReportArrival = arrival
    }

    /// Remembers `report` if it comes from this source (see ``recordSenderReport(ntpTimestamp:arrival:)``);
    /// returns false for another SSRC.
    @discardableResult
    public mutating func record(_ report: SenderReport, arrival: MonotonicTime) -> Bool {
        guard report.ssrc == ssrc else { return false }
        recordSenderReport(ntpTimestamp: report.ntpTimestamp, arrival: arrival)
        return true
    }

    /// Builds the report block for a report sent at `now` and starts a new reporting interval
    /// (RFC 3550 §6.4.1; interval loss per §A.3).
    ///
    /// - fraction lost: `lost_interval × 256 / expected_interval`, zero when nothing was expected
    ///   or duplicates made the interval loss negative;
    /// - cumulative lost: clamped to the signed 24-bit wire range;
    /// - DLSR: the delay since the last SR arrived, in units of 1/65536 s (zero without an SR).
    public mutating func makeReportBlock(now: MonotonicTime) -> ReportBlock {
        let expected = packetsExpected
        let expectedInterval = expected &- expectedPrior
        let receivedInterval = packetsReceived &- receivedPrior
        expectedPrior = expected
        receivedPrior = packetsReceived
        receivedSinceLastReport = false
        let lostInterval = expectedInterval &- receivedInterval
        var fraction: UInt8 = 0
        if expectedInterval > 0, lostInterval > 0 {
            fraction = UInt8(clamping: (lostInterval << 8) / expectedInterval)
        }
        var delay: UInt32 = 0
        if let arrival = lastSenderReportArrival, lastSenderReportNTP != 0 {
            delay = CompactNTP.compact(seconds: Self.seconds(now - arrival))
        }
        let lost = min(max(cumulativeLost, -0x80_0000), 0x7F_FFFF)
        return ReportBlock(ssrc: ssrc, fractionLost: fraction, cumulativeLost: Int32(clamping: lost),
                           extendedHighestSequence: UInt32(truncatingIfNeeded: unwrapper.extendedHighest ?? 0),
                           jitter: UInt32(min(max(jitterEstimate, 0), Double(UInt32.max))),
                           lastSenderReport: lastSenderReportNTP,
                           delaySinceLastSenderReport: delay)
    }

    /// RFC 3550 §A.1 `init_seq`: counting restarts from `sequence`.
    private mutating func restart(at sequence: UInt16) {
        unwrapper = SequenceUnwrapper()
        let extended = unwrapper.unwrap(sequence)
        baseSequence = extended
        restartCandidate = nil
        packetsReceived = 0
        expectedPrior = 0
        receivedPrior = 0
        previousArrival = nil
    }

    /// Counts an accepted packet and folds its transit time into the jitter (RFC 3550 §A.8):
    /// `D = (Rj - Ri) - (Sj - Si)` in timestamp units, `J += (|D| - J) / 16`.
    private mutating func count(timestamp: UInt32, arrival: MonotonicTime) {
        packetsReceived &+= 1
        lastPacketArrival = arrival
        receivedSinceLastReport = true
        if let previous = previousArrival {
            let arrivalTicks = Self.seconds(arrival - previous) * Double(clock.rate)
            let timestampTicks = Double(SequenceArithmetic.distance(from: previousTimestamp, to: timestamp))
            let difference = abs(arrivalTicks - timestampTicks)
            jitterEstimate += (difference - jitterEstimate) / 16
        }
        previousArrival = arrival
        previousTimestamp = timestamp
    }

    /// A duration in seconds as a floating-point value.
    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
