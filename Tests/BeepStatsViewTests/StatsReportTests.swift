import BeepCallServer
import BeepSFU
import BeepSFUServer
import BeepStatsView
import Testing

/// Builds admin snapshots the way the SFU reports them.
private func snapshot(bytesIn: UInt64, bytesOut: UInt64, packetsIn: UInt64, packetsOut: UInt64,
                      received: UInt64, lost: UInt64, consumerBytes: UInt64, rtt: Double? = 0.012,
                      workers: [MediaWorkerStats] = []) -> NodeStats {
    let producer = ProducerStats(id: ProducerID(1), kind: .audio, ssrc: 11, paused: false, packetsReceived: received,
                                 bytesReceived: bytesIn, packetsLost: lost, jitter: 40, nackedPackets: 2, plisSent: 0,
                                 keyFrames: 0, consumerCount: 1)
    let consumer = ConsumerStats(id: ConsumerID(7), producerID: ProducerID(9), kind: .video, ssrc: 77, paused: true,
                                 waitingForKeyFrame: false, packetsSent: packetsOut, bytesSent: consumerBytes,
                                 retransmittedPackets: 0, nacksReceived: 3, nackMisses: 0, plisReceived: 1,
                                 firsReceived: 0, remoteFractionLost: 64, remoteJitter: 90, roundTripTime: rtt)
    let alice = ParticipantStats(id: ParticipantID("alice"), packetsIn: packetsIn, bytesIn: bytesIn, packetsOut: packetsOut,
                                 bytesOut: bytesOut, audioScore: nil, roundTripTime: rtt, producers: [producer],
                                 consumers: [consumer])
    let bob = ParticipantStats(id: ParticipantID("bob"), packetsIn: 0, bytesIn: 0, packetsOut: 0, bytesOut: 0,
                               audioScore: nil, producers: [], consumers: [])
    let sfu = SFUStats(participants: [bob, alice], malformedPackets: 0, unknownSSRCPackets: 0,
                       unknownParticipantPackets: 0, unexpectedPayloadTypePackets: 0,
                       activeSpeaker: ParticipantID("alice"))
    return NodeStats(rooms: [RoomStats(room: "zeta", sfu: sfu), RoomStats(room: "alpha", sfu: sfu)], workers: workers)
}

@Suite struct StatsReportTests {
    @Test func ratesComeFromTheChangeBetweenSnapshots() throws {
        let before = snapshot(bytesIn: 1_000, bytesOut: 0, packetsIn: 10, packetsOut: 0, received: 10, lost: 0, consumerBytes: 0)
        let after = snapshot(bytesIn: 26_000, bytesOut: 50_000, packetsIn: 110, packetsOut: 200, received: 95, lost: 5,
                             consumerBytes: 50_000)
        let report = StatsReport(current: after, previous: before, interval: 2)
        #expect(report.rooms.map(\.room) == ["alpha", "zeta"])
        let alice = try #require(report.rooms[0].participants.first { $0.id == "alice" })
        #expect(report.rooms[0].participants.map(\.id) == ["alice", "bob"])
        #expect(alice.kbpsIn == 100)  // 25 000 bytes in 2 s
        #expect(alice.kbpsOut == 200)
        #expect(alice.packetsPerSecondIn == 50)
        #expect(alice.packetsPerSecondOut == 100)
        #expect(alice.roundTripMilliseconds == 12)
        #expect(alice.published[0].lossPercent == 5)  // 5 lost of 100 expected
        #expect(alice.received[0].lossPercent == 25)  // fraction lost 64/256
        #expect(alice.received[0].kbps == 200)
        #expect(alice.received[0].paused)
        #expect(report.rooms[0].activeSpeaker == "alice")
    }

    @Test func aSingleSnapshotHasNoRates() {
        let now = snapshot(bytesIn: 5_000, bytesOut: 5_000, packetsIn: 5, packetsOut: 5, received: 0, lost: 0, consumerBytes: 9)
        let report = StatsReport(current: now, previous: nil, interval: 1)
        #expect(report.intervalSeconds == 0)
        #expect(report.rooms.allSatisfy { $0.participants.allSatisfy { $0.kbpsIn == 0 && $0.kbpsOut == 0 } })
        #expect(report.rooms[0].participants[0].published[0].lossPercent == nil)  // nothing expected yet
    }

    @Test func countersThatWentBackwardsCountFromZero() throws {
        let before = snapshot(bytesIn: 90_000, bytesOut: 0, packetsIn: 900, packetsOut: 0, received: 0, lost: 0, consumerBytes: 0)
        let after = snapshot(bytesIn: 1_000, bytesOut: 0, packetsIn: 10, packetsOut: 0, received: 0, lost: 0, consumerBytes: 0)
        let alice = try #require(StatsReport(current: after, previous: before, interval: 1).rooms[0].participants.first)
        #expect(alice.kbpsIn == 8)
        #expect(alice.packetsPerSecondIn == 10)
    }

    @Test func filtersByRoomAndParticipant() {
        let now = snapshot(bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, received: 0, lost: 0, consumerBytes: 0)
        let report = StatsReport(current: now, previous: nil, interval: 1, filter: StatsFilter(room: "zeta", participant: "bob"))
        #expect(report.rooms.map(\.room) == ["zeta"])
        #expect(report.rooms[0].participants.map(\.id) == ["bob"])
        #expect(StatsReport(current: now, previous: nil, interval: 1, filter: StatsFilter(room: "nope")).rooms.isEmpty)
    }
}

@Suite struct WorkerReportTests {
    private func worker(cpu: Double?, received: Int, sent: Int, transit: TransitTimeSummary) -> MediaWorkerStats {
        MediaWorkerStats(worker: 0, ports: [8801, 8803], datagramsReceived: received, datagramsSent: sent,
                         cpuSeconds: cpu, transit: transit)
    }

    @Test func cpuShareAndDatagramRatesComeFromTheInterval() throws {
        var histogram = TransitTimeHistogram()
        histogram.record(nanoseconds: 20_000)
        let empty = TransitTimeHistogram().summary
        let before = snapshot(bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, received: 0, lost: 0, consumerBytes: 0,
                              workers: [worker(cpu: 1.0, received: 100, sent: 200, transit: empty)])
        let after = snapshot(bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, received: 0, lost: 0, consumerBytes: 0,
                             workers: [worker(cpu: 1.5, received: 1100, sent: 2200, transit: histogram.summary)])
        let report = StatsReport(current: after, previous: before, interval: 2)
        let row = try #require(report.workers.first)
        #expect(row.cpuPercent == 25)  // 0.5 s of CPU in 2 s
        #expect(row.datagramsPerSecondIn == 500)
        #expect(row.datagramsPerSecondOut == 1000)
        #expect(row.transitP50Microseconds == 20)
        let text = StatsTableRenderer.render(report, title: "t")
        #expect(text.contains("worker 0  ports 8801,8803  cpu 25.0%  datagrams/s in 500 out 1000  transit p50 20 µs p99 20 µs"))
    }

    @Test func unknownCPUStaysUnknown() throws {
        let now = snapshot(bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, received: 0, lost: 0, consumerBytes: 0,
                           workers: [worker(cpu: nil, received: 0, sent: 0, transit: TransitTimeHistogram().summary)])
        let row = try #require(StatsReport(current: now, previous: now, interval: 1).workers.first)
        #expect(row.cpuPercent == nil)
        #expect(row.transitP99Microseconds == nil)
    }
}

@Suite struct StatsTableRendererTests {
    @Test func rendersRoomsParticipantsAndTracks() {
        let before = snapshot(bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, received: 0, lost: 0, consumerBytes: 0)
        let after = snapshot(bytesIn: 12_500, bytesOut: 0, packetsIn: 50, packetsOut: 0, received: 50, lost: 0,
                             consumerBytes: 0, rtt: nil)
        let text = StatsTableRenderer.render(StatsReport(current: after, previous: before, interval: 1,
                                                         filter: StatsFilter(room: "alpha")), title: "node A")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "node A")
        #expect(lines.contains("room alpha  participants 2  speaking alice"))
        let alice = lines.first { $0.hasPrefix("alice ") } ?? ""
        #expect(alice.contains(" 100 "))  // 12 500 bytes/s = 100 kbps in
        #expect(alice.contains(" 50.0 "))  // packets/s in
        #expect(alice.contains(" - "))  // no RTT measured yet
        #expect(lines.contains { $0.hasPrefix("  ↑ producer-1") && $0.contains("audio") })
        #expect(lines.contains { $0.hasPrefix("  ↓ consumer-7 (paused)") && $0.contains("video") })
        #expect(!text.contains("zeta"))
    }

    @Test func saysSoWhenThereAreNoRooms() {
        let text = StatsTableRenderer.render(StatsReport(current: NodeStats(rooms: [], workers: []), previous: nil,
                                                         interval: 1), title: "t")
        #expect(text == "t\nno rooms with media\n")
    }
}
