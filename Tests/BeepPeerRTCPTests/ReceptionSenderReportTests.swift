import BeepPeer
import BeepRTCP
import BeepWire
import Testing

/// RFC 3550 §6.4.1 LSR / DLSR and the round-trip example of its Figure 2.
@Suite("LSR, DLSR and round-trip time (RFC 3550 §6.4.1)")
struct ReceptionSenderReportTests {
    // RFC 3550 §6.4.1, Figure 2 (verbatim values):
    //   ntp_sec =0xb44db705  ntp_frac=0x20000000   (SR n, 10 Nov 1995 11:33:25.125 UTC)
    //   A     0xb710:8000 (46864.500 s)
    //   DLSR -0x0005:4000 (    5.250 s)
    //   LSR  -0xb705:2000 (46853.125 s)
    //   delay 0x0006:2000 (    6.125 s)
    static let srTimestamp = NTPTimestamp(seconds: 0xb44d_b705, fraction: 0x2000_0000)
    /// 10 Nov 1995 11:33:36.5 UTC: 11.375 s after the SR.
    static let arrival = NTPTimestamp(seconds: 0xb44d_b710, fraction: 0x8000_0000)

    @Test("RFC 3550 §6.4.1 Figure 2: LSR 0xb705:2000 and DLSR 0x0005:4000 after holding the SR 5.25 s")
    func lastSenderReportFields() {
        var stats = ReceptionStatistics(ssrc: 0xCAFE, clock: .opus)
        stats.record(sequenceNumber: 1, timestamp: 0, arrival: .zero)
        let received = RTCPStatsFixture.at(milliseconds: 2_000)
        stats.recordSenderReport(ntpTimestamp: Self.srTimestamp, arrival: received)
        let block = stats.makeReportBlock(now: received + .milliseconds(5_250))
        #expect(block.lastSenderReport == 0xb705_2000)
        #expect(block.delaySinceLastSenderReport == 0x0005_4000)
    }

    @Test("RFC 3550 §6.4.1: without an SR, LSR and DLSR are zero")
    func noSenderReport() {
        var stats = ReceptionStatistics(ssrc: 0xCAFE, clock: .opus)
        stats.record(sequenceNumber: 1, timestamp: 0, arrival: .zero)
        let block = stats.makeReportBlock(now: RTCPStatsFixture.at(milliseconds: 3_000))
        #expect(block.lastSenderReport == 0)
        #expect(block.delaySinceLastSenderReport == 0)
    }

    @Test("RFC 3550 §6.4.1 Figure 2: A − LSR − DLSR = 0x0006:2000 (6.125 s)")
    func roundTripFromFigure2() {
        let block = ReportBlock(ssrc: 0x1234, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0,
                                jitter: 0, lastSenderReport: 0xb705_2000, delaySinceLastSenderReport: 0x0005_4000)
        #expect(Self.arrival.compact == 0xb710_8000)
        #expect(RoundTripTime.measure(block, arrival: Self.arrival) == .milliseconds(6_125))
    }

    @Test("RFC 3550 §6.4.1: end to end, the receiver's block and our arrival give the round trip")
    func endToEnd() {
        var remote = ReceptionStatistics(ssrc: 0xAAAA, clock: .opus)
        remote.record(sequenceNumber: 9, timestamp: 0, arrival: .zero)
        // Our SR leaves at srTimestamp and takes 0.4375 s to arrive; the remote holds it 5.25 s;
        // its RR takes another 0.4375 s: we see it at 0.4375 + 5.25 + 0.4375 = 6.125 s after
        // sending the SR, and the round trip excludes the hold: 6.125 − 5.25 = 0.875 s.
        let srArrival = RTCPStatsFixture.at(milliseconds: 10_000)
        let ourReport = SenderReport(ssrc: 0xAAAA, ntpTimestamp: Self.srTimestamp, rtpTimestamp: 0, packetCount: 1,
                                     octetCount: 1)
        let foreign = SenderReport(ssrc: 0xBBBB, ntpTimestamp: NTPTimestamp(rawValue: 77), rtpTimestamp: 0,
                                   packetCount: 1, octetCount: 1)
        let acceptedOurs = remote.record(ourReport, arrival: srArrival)
        let acceptedForeign = remote.record(foreign, arrival: srArrival)
        #expect(acceptedOurs && !acceptedForeign)
        let block = remote.makeReportBlock(now: srArrival + .milliseconds(5_250))
        let ourArrival = NTPTimestamp(seconds: 0xb44d_b705 + 6, fraction: 0x2000_0000 + 0x2000_0000)
        let samples = RoundTripTime.measure(RTCPCompound(packets: [.receiverReport(ReceiverReport(ssrc: 1, reports: [block]))]),
                                            localSSRCs: [0xAAAA], arrival: ourArrival)
        #expect(samples.count == 1)
        #expect(samples.first?.ssrc == 0xAAAA)
        #expect(samples.first?.rtt == .milliseconds(875))
        #expect(RoundTripTime.measure(RTCPCompound(packets: [.receiverReport(ReceiverReport(ssrc: 1, reports: [block]))]),
                                      localSSRCs: [0xBBBB], arrival: ourArrival).isEmpty)
    }

    @Test("RFC 3550 §6.4.1: a block with LSR zero yields no round-trip sample")
    func zeroLastSenderReport() {
        let block = ReportBlock(ssrc: 1, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0,
                                jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        #expect(RoundTripTime.measure(block, arrival: Self.arrival) == nil)
    }
}
