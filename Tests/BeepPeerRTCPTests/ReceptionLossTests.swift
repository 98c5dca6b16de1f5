import BeepPeer
import BeepRTP
import BeepWire
import Testing

/// RFC 3550 §A.1 / §A.3: expected, lost and fraction lost on constructed sequences.
@Suite("ReceptionStatistics loss (RFC 3550 §A.3)")
struct ReceptionLossTests {
    /// Feeds `sequences` (timestamps irrelevant here) one millisecond apart.
    private func receive(_ sequences: [UInt16]) -> ReceptionStatistics {
        var stats = ReceptionStatistics(ssrc: 0x1111_2222, clock: .opus)
        for (index, sequence) in sequences.enumerated() {
            stats.record(sequenceNumber: sequence, timestamp: 0, arrival: RTCPStatsFixture.at(milliseconds: Int64(index)))
        }
        return stats
    }

    /// RFC 3550 §A.3: fraction = (lost_interval << 8) / expected_interval.
    private func fraction(lost: Int, expected: Int) -> UInt8 { UInt8((lost << 8) / expected) }

    @Test("RFC 3550 §A.3: two of ten lost gives cumulative 2 and fraction 2×256/10")
    func gapCountsAsLoss() {
        let sent = Array(UInt16(0)...9)
        let received = sent.filter { $0 != 3 && $0 != 4 }
        var stats = receive(received)
        let block = stats.makeReportBlock(now: RTCPStatsFixture.at(milliseconds: 100))
        #expect(stats.packetsExpected == Int64(sent.count))
        #expect(stats.packetsReceived == Int64(received.count))
        #expect(block.cumulativeLost == 2)
        #expect(block.fractionLost == fraction(lost: 2, expected: 10))
        #expect(block.extendedHighestSequence == 9)
        #expect(block.ssrc == 0x1111_2222)
    }

    @Test("RFC 3550 §A.1: wrap 65535 → 0 adds a cycle to the extended highest sequence")
    func wrapAround() {
        let sent: [UInt16] = [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5]
        let received = sent.filter { $0 != 65534 && $0 != 2 }
        var stats = receive(received)
        let block = stats.makeReportBlock(now: .zero)
        // One cycle (1 << 16) plus the highest 16-bit value received.
        #expect(block.extendedHighestSequence == (1 << 16) | 5)
        #expect(stats.packetsExpected == Int64(sent.count))
        #expect(block.cumulativeLost == 2)
        #expect(block.fractionLost == fraction(lost: 2, expected: sent.count))
    }

    @Test("RFC 3550 §A.3: duplicates make cumulative loss negative and clamp fraction to zero")
    func duplicates() {
        var stats = receive([1, 2, 2, 3, 3])
        let block = stats.makeReportBlock(now: .zero)
        #expect(stats.packetsExpected == 3)
        #expect(stats.packetsReceived == 5)
        #expect(block.cumulativeLost == -2)
        #expect(block.fractionLost == 0)
    }

    @Test("RFC 3550 §A.1: reordered packets within MAX_MISORDER are not losses")
    func reordering() {
        var stats = receive([10, 11, 13, 12, 15, 14])
        let block = stats.makeReportBlock(now: .zero)
        #expect(block.extendedHighestSequence == 15)
        #expect(block.cumulativeLost == 0)
        #expect(block.fractionLost == 0)
    }

    @Test("RFC 3550 §A.1: reordering across the wrap keeps the cycle count")
    func reorderingAcrossWrap() {
        var stats = receive([65534, 0, 65535, 1])
        let block = stats.makeReportBlock(now: .zero)
        #expect(block.extendedHighestSequence == (1 << 16) | 1)
        #expect(block.cumulativeLost == 0)
    }

    @Test("RFC 3550 §A.3: the fraction covers only the interval since the previous report")
    func intervalFraction() {
        var stats = ReceptionStatistics(ssrc: 7, clock: .video)
        // Interval 1: 0...19 with 5 lost; interval 2: 20...29, nothing lost; interval 3: 30...39, 1 lost.
        let lostFirst: Set<UInt16> = [2, 5, 8, 11, 14]
        for sequence in UInt16(0)...19 where !lostFirst.contains(sequence) {
            stats.record(sequenceNumber: sequence, timestamp: 0, arrival: .zero)
        }
        let first = stats.makeReportBlock(now: .zero)
        for sequence in UInt16(20)...29 { stats.record(sequenceNumber: sequence, timestamp: 0, arrival: .zero) }
        let second = stats.makeReportBlock(now: .zero)
        for sequence in UInt16(30)...39 where sequence != 33 {
            stats.record(sequenceNumber: sequence, timestamp: 0, arrival: .zero)
        }
        let third = stats.makeReportBlock(now: .zero)
        #expect(first.fractionLost == fraction(lost: 5, expected: 20))
        #expect(first.cumulativeLost == 5)
        #expect(second.fractionLost == 0)
        #expect(second.cumulativeLost == 5)
        #expect(third.fractionLost == fraction(lost: 1, expected: 10))
        #expect(third.cumulativeLost == 6)
    }

    @Test("RFC 3550 §A.3: a late packet recovered in the next interval lowers that interval's loss")
    func lateRecovery() {
        var stats = receive([0, 1, 3, 4])
        let first = stats.makeReportBlock(now: .zero)
        stats.record(sequenceNumber: 2, timestamp: 0, arrival: .zero)
        stats.record(sequenceNumber: 5, timestamp: 0, arrival: .zero)
        let second = stats.makeReportBlock(now: .zero)
        #expect(first.fractionLost == fraction(lost: 1, expected: 5))
        // Interval 2 expected 1 (seq 5) and received 2: negative interval loss reports zero.
        #expect(second.fractionLost == 0)
        #expect(second.cumulativeLost == 0)
    }

    @Test("RFC 3550 §A.1: a single jump of MAX_DROPOUT or more is ignored")
    func singleLargeJumpIgnored() {
        var stats = receive([100, 101])
        let accepted = stats.record(sequenceNumber: 101 &+ ReceptionStatistics.maxDropout, timestamp: 0, arrival: .zero)
        stats.record(sequenceNumber: 102, timestamp: 0, arrival: .zero)
        #expect(!accepted)
        #expect(stats.extendedHighestSequence == 102)
        #expect(stats.packetsReceived == 3)
        #expect(stats.restarts == 0)
    }

    @Test("RFC 3550 §A.1: two sequential packets after a large jump restart the statistics")
    func restartAfterTwoSequential() {
        var stats = receive([100, 101, 102])
        let first = stats.record(sequenceNumber: 40_000, timestamp: 0, arrival: .zero)
        let second = stats.record(sequenceNumber: 40_001, timestamp: 0, arrival: .zero)
        stats.record(sequenceNumber: 40_003, timestamp: 0, arrival: .zero)
        let block = stats.makeReportBlock(now: .zero)
        #expect(!first)
        #expect(second)
        #expect(stats.restarts == 1)
        // init_seq at 40001: base 40001, highest 40003, one lost (40002), two received.
        #expect(stats.packetsExpected == 3)
        #expect(stats.packetsReceived == 2)
        #expect(block.cumulativeLost == 1)
        #expect(block.extendedHighestSequence == 40_003)
    }

    @Test("RFC 3550 §A.1: a packet more than MAX_MISORDER behind is treated as a jump, not counted")
    func tooLateIsIgnored() {
        var stats = receive([1000, 1001])
        let accepted = stats.record(sequenceNumber: 1001 &- ReceptionStatistics.maxMisorder &- 1, timestamp: 0,
                                    arrival: .zero)
        #expect(!accepted)
        #expect(stats.packetsReceived == 2)
    }

    @Test("RFC 3550 §A.1: parsed headers feed the statistics; another SSRC is ignored")
    func parsedHeaders() throws {
        var stats = ReceptionStatistics(ssrc: 0xFEED, clock: .opus)
        for sequence: UInt16 in [1, 2, 4] {
            let bytes = RTCPStatsFixture.rtpPacket(ssrc: 0xFEED, sequenceNumber: sequence, timestamp: 0)
            stats.record(try RTPHeaderView(parsing: bytes), arrival: .zero)
        }
        let foreign = RTCPStatsFixture.rtpPacket(ssrc: 0xBEEF, sequenceNumber: 3, timestamp: 0)
        let counted = stats.record(try RTPHeaderView(parsing: foreign), arrival: .zero)
        #expect(!counted)
        #expect(stats.packetsReceived == 3)
        #expect(stats.cumulativeLost == 1)
        #expect(stats.lastPacketArrival == .zero)
    }

    @Test("RFC 3550 §6.4.1: cumulative loss is clamped to the signed 24-bit range")
    func cumulativeClamp() {
        var stats = ReceptionStatistics(ssrc: 1, clock: .video)
        stats.record(sequenceNumber: 0, timestamp: 0, arrival: .zero)
        // Advance 2999 at a time (below MAX_DROPOUT) so each step is a permissible gap.
        var sequence: UInt16 = 0
        for _ in 0..<6000 {
            sequence &+= 2999
            stats.record(sequenceNumber: sequence, timestamp: 0, arrival: .zero)
        }
        let block = stats.makeReportBlock(now: .zero)
        #expect(stats.cumulativeLost > 0x7F_FFFF)
        #expect(block.cumulativeLost == 0x7F_FFFF)
        #expect(block.fractionLost == 255)
    }
}
