import BeepPeer
import BeepWire
import Testing

/// RFC 3550 §6.4.1 / §A.8 interarrival jitter on a constructed arrival pattern.
@Suite("ReceptionStatistics jitter (RFC 3550 §A.8)")
struct ReceptionJitterTests {
    @Test("RFC 3550 §A.8: J += (|D| - J) / 16 over a hand-built 8 kHz arrival pattern")
    func handComputedJitter() {
        // 20 ms packets at 8 kHz: timestamps advance 160 ticks each.
        // Arrivals 0, 20, 45, 60 ms → arrival deltas 160, 200, 120 ticks.
        // D = 160-160 = 0, 200-160 = 40, |120-160| = 40.
        // J1 = 0 + (0 - 0)/16 = 0; J2 = 0 + (40 - 0)/16 = 2.5; J3 = 2.5 + (40 - 2.5)/16 = 4.84375.
        var stats = ReceptionStatistics(ssrc: 5, clock: RTPClock(rate: 8000))
        let arrivals: [Int64] = [0, 20, 45, 60]
        for (index, arrival) in arrivals.enumerated() {
            stats.record(sequenceNumber: UInt16(index), timestamp: 1000 + UInt32(index) * 160,
                         arrival: RTCPStatsFixture.at(milliseconds: arrival))
        }
        var expected = 0.0
        for difference in [0.0, 40.0, 40.0] { expected += (difference - expected) / 16 }
        #expect(expected == 4.84375)
        #expect(stats.jitter == expected)
        // The report carries the integer part in RTP units.
        let block = stats.makeReportBlock(now: .zero)
        #expect(block.jitter == 4)
    }

    @Test("RFC 3550 §A.8: perfectly paced packets have zero jitter, across a timestamp wrap")
    func pacedAcrossTimestampWrap() {
        var stats = ReceptionStatistics(ssrc: 5, clock: .video)
        // 90 kHz, 3000 ticks per 33.333… ms frame; use 3600 ticks = 40 ms to stay exact.
        var timestamp = UInt32.max - 7200
        for index in 0..<10 {
            stats.record(sequenceNumber: UInt16(index), timestamp: timestamp,
                         arrival: RTCPStatsFixture.at(milliseconds: Int64(index) * 40))
            timestamp &+= 3600
        }
        #expect(stats.jitter == 0)
    }

    @Test("RFC 3550 §A.8: a constant network delay step shows up once, then decays")
    func delayStepDecays() {
        var stats = ReceptionStatistics(ssrc: 9, clock: RTPClock(rate: 1000))
        // 1 kHz clock: 10 ms spacing = 10 ticks. Packet 2 is delayed 16 ms and the delay persists.
        let arrivals: [Int64] = [0, 10, 36, 46, 56]
        for (index, arrival) in arrivals.enumerated() {
            stats.record(sequenceNumber: UInt16(index), timestamp: UInt32(index) * 10,
                         arrival: RTCPStatsFixture.at(milliseconds: arrival))
        }
        // D: 0, 16, 0, 0 → J = 0, 1, 15/16, 225/256.
        let expected = 1.0 * (15.0 / 16) * (15.0 / 16)
        #expect(abs(stats.jitter - expected) < 1e-12)
    }
}
