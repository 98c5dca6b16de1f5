import BeepPeer
import BeepRTCP
import BeepTestSupport
import BeepWire
import Testing

/// RFC 3550 §6.2 / §6.3.1 timing and §6.1 compound shape.
@Suite("RTCPReportScheduler (RFC 3550 §6.1, §6.2, §6.3.1)")
struct RTCPReportSchedulerTests {
    static let wallClock = NTPTimestamp(seconds: 0xE000_0000, fraction: 0)

    @Test("RFC 3550 §6.2: the first report waits half of a randomized interval")
    func firstReport() {
        var generator = SeededGenerator(seed: 42)
        var replay = SeededGenerator(seed: 42)
        var scheduler = RTCPReportScheduler()
        #expect(!scheduler.isDue(now: .zero))
        let start = RTCPStatsFixture.at(milliseconds: 500)
        scheduler.start(now: start, using: &generator)
        let expected = start + .seconds(1) * Double.random(in: 0.5...1.5, using: &replay) / 2
        #expect(scheduler.nextReportTime == expected)
        let delay = expected - start
        #expect(delay >= .milliseconds(250) && delay <= .milliseconds(750))
        #expect(!scheduler.isDue(now: expected - .nanoseconds(1)))
        #expect(scheduler.isDue(now: expected))
    }

    @Test("RFC 3550 §6.3.1: intervals are uniform in [0.5, 1.5] × interval and replay with the seed")
    func randomizedIntervals() {
        var first = SeededGenerator(seed: 7)
        var second = SeededGenerator(seed: 7)
        var a = RTCPReportScheduler(interval: .seconds(1))
        var b = RTCPReportScheduler(interval: .seconds(1))
        var now = MonotonicTime.zero
        var total = Duration.zero
        let rounds = 2000
        for _ in 0..<rounds {
            a.reportSent(now: now, using: &first)
            b.reportSent(now: now, using: &second)
            guard let next = a.nextReportTime else { break }
            #expect(b.nextReportTime == next)
            let gap = next - now
            #expect(gap >= .milliseconds(500) && gap <= .milliseconds(1500))
            total += gap
            now = next
        }
        // Mean of U[0.5, 1.5] s is 1 s; 2000 draws keep it within ±30 ms (σ ≈ 6.5 ms).
        let mean = total / rounds
        #expect(mean > .milliseconds(970) && mean < .milliseconds(1030))
    }

    @Test("RFC 3550 §6.3.1: pollReport returns a compound only when due, then reschedules")
    func pollReport() {
        var generator = SeededGenerator(seed: 1)
        var scheduler = RTCPReportScheduler(interval: .milliseconds(200))
        scheduler.start(now: .zero, using: &generator)
        var senders: [SenderStatistics] = []
        var receivers: [UInt32: ReceptionStatistics] = [:]
        var sent: [MonotonicTime] = []
        var now = MonotonicTime.zero
        while now < RTCPStatsFixture.at(milliseconds: 2_000) {
            if scheduler.pollReport(now: now, wallClock: Self.wallClock, reporterSSRC: 1, cname: "c",
                                    senders: &senders, receivers: &receivers, using: &generator) != nil {
                sent.append(now)
            }
            now = now + .milliseconds(1)
        }
        // 2 s at 100...300 ms per report (first 50...150 ms): between 7 and 20 reports.
        #expect(sent.count >= 7 && sent.count <= 20)
        for (earlier, later) in zip(sent, sent.dropFirst()) {
            #expect(later - earlier >= .milliseconds(100) && later - earlier <= .milliseconds(301))
        }
    }

    /// One remote source per SSRC with a couple of packets received.
    private func receivers(_ ssrcs: [UInt32]) -> [UInt32: ReceptionStatistics] {
        var result: [UInt32: ReceptionStatistics] = [:]
        for ssrc in ssrcs {
            var stats = ReceptionStatistics(ssrc: ssrc, clock: .opus)
            stats.record(sequenceNumber: 1, timestamp: 0, arrival: .zero)
            stats.record(sequenceNumber: 3, timestamp: 960, arrival: .zero)
            result[ssrc] = stats
        }
        return result
    }

    @Test("RFC 3550 §6.1: an active sender's compound is SR (with report blocks) then SDES CNAME")
    func senderCompound() throws {
        var scheduler = RTCPReportScheduler()
        var sender = SenderStatistics(ssrc: 0xA1, clock: .opus)
        sender.record(timestamp: 960, payloadLength: 80, now: .zero)
        var senders = [sender]
        var remote = receivers([0xB2, 0xB1])
        let compound = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 0xA1,
                                              cname: "beep-cname", senders: &senders, receivers: &remote)
        #expect(compound.packets.count == 2)
        guard case .senderReport(let report)? = compound.packets.first else {
            Issue.record("first packet is not an SR: \(compound.packets)")
            return
        }
        #expect(report.ssrc == 0xA1)
        #expect(report.reports.map(\.ssrc) == [0xB1, 0xB2])
        #expect(report.reports.allSatisfy { $0.cumulativeLost == 1 })
        guard case .sourceDescription(let sdes)? = compound.packets.last else {
            Issue.record("last packet is not SDES: \(compound.packets)")
            return
        }
        #expect(sdes.chunks.map(\.ssrc) == [0xA1])
        #expect(sdes.chunks.first?.cname == "beep-cname")
        // The datagram is a valid compound packet on the wire (RFC 3550 §A.2 checks).
        let bytes = try compound.serialize()
        #expect(try RTCPCompound.parse(bytes, requireCompound: true) == compound)
    }

    @Test("RFC 3550 §6.4: without sending since the last report the compound starts with an RR")
    func receiverCompound() throws {
        var scheduler = RTCPReportScheduler()
        var sender = SenderStatistics(ssrc: 0xA1, clock: .opus)
        sender.record(timestamp: 960, payloadLength: 80, now: .zero)
        var senders = [sender]
        var remote = receivers([0xB1])
        _ = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 0xA1, cname: "x",
                                   senders: &senders, receivers: &remote)
        remote[0xB1]?.record(sequenceNumber: 4, timestamp: 1920, arrival: .zero)
        let second = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 0xA1,
                                            cname: "x", senders: &senders, receivers: &remote)
        guard case .receiverReport(let report)? = second.packets.first else {
            Issue.record("first packet is not an RR: \(second.packets)")
            return
        }
        #expect(report.ssrc == 0xA1)
        #expect(report.reports.map(\.ssrc) == [0xB1])
        #expect(!second.isReducedSize)
        guard case .sourceDescription(let sdes)? = second.packets.last else {
            Issue.record("no SDES")
            return
        }
        #expect(sdes.chunks.map(\.ssrc) == [0xA1])
        _ = try RTCPCompound.parse(try second.serialize(), requireCompound: true)
    }

    @Test("RFC 3550 §6.4: sources not heard since the last report get no block")
    func silentSourcesSkipped() {
        var scheduler = RTCPReportScheduler()
        var senders: [SenderStatistics] = []
        var remote = receivers([0xB1, 0xB2])
        _ = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 9, cname: "x",
                                   senders: &senders, receivers: &remote)
        remote[0xB2]?.record(sequenceNumber: 4, timestamp: 1920, arrival: .zero)
        let compound = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 9, cname: "x",
                                              senders: &senders, receivers: &remote)
        guard case .receiverReport(let report)? = compound.packets.first else {
            Issue.record("first packet is not an RR")
            return
        }
        #expect(report.reports.map(\.ssrc) == [0xB2])
    }

    @Test("RFC 3550 §6.1: above 31 sources, subsets of 31 rotate round-robin across reports")
    func roundRobinAbove31() throws {
        var scheduler = RTCPReportScheduler()
        var senders: [SenderStatistics] = []
        let ssrcs = (UInt32(1)...40).map { $0 * 10 }
        var remote = receivers(ssrcs)
        let first = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 9, cname: "x",
                                           senders: &senders, receivers: &remote)
        for ssrc in ssrcs { remote[ssrc]?.record(sequenceNumber: 5, timestamp: 0, arrival: .zero) }
        let second = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 9, cname: "x",
                                            senders: &senders, receivers: &remote)
        var reported: [[UInt32]] = []
        for compound in [first, second] {
            guard case .receiverReport(let report)? = compound.packets.first else {
                Issue.record("first packet is not an RR")
                return
            }
            reported.append(report.reports.map(\.ssrc))
            _ = try compound.serialize()
        }
        #expect(reported[0].count == RTCPReportScheduler.maxReportBlocks)
        #expect(reported[1].count == RTCPReportScheduler.maxReportBlocks)
        #expect(reported[0] == Array(ssrcs.prefix(31)))
        #expect(Set(reported[0]).union(reported[1]) == Set(ssrcs))
        #expect(reported[1].first == ssrcs[31])
    }

    @Test("RFC 3550 §6.1, RFC 8108: two active senders give two SRs, blocks on the first, one CNAME chunk each")
    func twoSenders() throws {
        var scheduler = RTCPReportScheduler()
        var audio = SenderStatistics(ssrc: 0xA1, clock: .opus)
        var video = SenderStatistics(ssrc: 0xA2, clock: .video)
        audio.record(timestamp: 0, payloadLength: 50, now: .zero)
        video.record(timestamp: 0, payloadLength: 900, now: .zero)
        var senders = [audio, video]
        var remote = receivers([0xB1])
        let compound = scheduler.makeCompound(now: .zero, wallClock: Self.wallClock, reporterSSRC: 0xA1,
                                              cname: String(repeating: "n", count: 300),
                                              senders: &senders, receivers: &remote)
        #expect(compound.packets.count == 3)
        guard case .senderReport(let first) = compound.packets[0], case .senderReport(let second) = compound.packets[1],
              case .sourceDescription(let sdes) = compound.packets[2] else {
            Issue.record("unexpected shape: \(compound.packets)")
            return
        }
        #expect(first.reports.count == 1)
        #expect(second.reports.isEmpty)
        #expect(sdes.chunks.map(\.ssrc) == [0xA1, 0xA2])
        // RFC 3550 §6.5: an item holds at most 255 octets.
        #expect(sdes.chunks.first?.items.first?.value.count == 255)
        _ = try RTCPCompound.parse(try compound.serialize(), requireCompound: true)
    }
}
