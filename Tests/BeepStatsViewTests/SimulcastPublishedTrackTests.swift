import BeepCallServer
import BeepSFU
import BeepStatsView
import Testing

/// A simulcast camera shows as one published video track of its owner, its encodings summed,
/// and each subscriber's copy of it as one received video track.
@Suite struct SimulcastPublishedTrackTests {
    private func node(qBytes: UInt64, fBytes: UInt64) -> NodeStats {
        let carol = ParticipantStats(id: ParticipantID("carol"), packetsIn: 0, bytesIn: 0, packetsOut: 0, bytesOut: 0,
                                     audioScore: nil, producers: [], consumers: [])
        let sfu = SFUStats(participants: [carol], malformedPackets: 0, unknownSSRCPackets: 0,
                           unknownParticipantPackets: 0, unexpectedPayloadTypePackets: 0, activeSpeaker: nil)
        let camera = SimulcastProducerStats(
            id: ProducerID(4), owner: ParticipantID("carol"),
            encodings: [SimulcastEncodingStats(rid: "q", ssrc: 41, packetsReceived: 10, bytesReceived: qBytes, keyFrames: 1),
                        SimulcastEncodingStats(rid: "f", ssrc: 43, packetsReceived: 10, bytesReceived: fBytes, keyFrames: 1)],
            plisSent: 2)
        let someoneElses = SimulcastProducerStats(id: ProducerID(5), owner: ParticipantID("dave"), encodings: [], plisSent: 0)
        let carolsCopy = SimulcastConsumerStats(
            id: ConsumerID(8), producerID: ProducerID(9), subscriber: ParticipantID("carol"), ssrc: 88,
            targetLayer: nil, currentLayer: nil, packetsSent: 5, bytesSent: qBytes, retransmittedPackets: 0,
            nackMisses: 0, temporalDrops: 0, spatialSwitches: 0)
        return NodeStats(rooms: [RoomStats(room: "r", sfu: sfu, simulcastProducers: [camera, someoneElses],
                                           simulcastConsumers: [carolsCopy])], workers: [])
    }

    @Test func theOwnersPublishedTracksIncludeTheCameraWithItsSummedRate() throws {
        let report = StatsReport(current: node(qBytes: 25_000, fBytes: 100_000), previous: node(qBytes: 0, fBytes: 0),
                                 interval: 1)
        let carol = try #require(report.rooms.first?.participants.first)
        #expect(carol.published.map(\.kind) == ["video"])
        #expect(carol.published[0].ssrc == 41)
        #expect(carol.published[0].kbps == 1_000)  // 125 000 bytes in 1 s
        #expect(carol.published[0].plis == 2)
        #expect(carol.received.map(\.ssrc) == [88])
        #expect(carol.received[0].kbps == 200)  // 25 000 bytes in 1 s
        #expect(carol.received[0].paused)  // no target layer
    }
}
