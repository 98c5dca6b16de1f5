@testable import BeepCallServer
import BeepCalls
import BeepSFU
import Testing

/// `/metrics` per room and kind (low-cardinality labels) and the operator's tuning.
@Suite struct PrometheusRoomFamiliesTests {
    private func producer(_ kind: MediaKind, lost: UInt64, jitter: UInt32, nacks: UInt64) -> ProducerStats {
        ProducerStats(id: ProducerID(UInt64(jitter)), kind: kind, ssrc: 1, paused: false, packetsReceived: 100,
                      bytesReceived: 1000, packetsLost: lost, jitter: jitter, nackedPackets: nacks, plisSent: 1,
                      keyFrames: 0, consumerCount: 1)
    }

    private func consumer(fractionLost: UInt8?, firs: UInt64) -> ConsumerStats {
        ConsumerStats(id: ConsumerID(UInt64(firs)), producerID: ProducerID(1), kind: .video, ssrc: 2, paused: false,
                      waitingForKeyFrame: false, packetsSent: 10, bytesSent: 100, retransmittedPackets: 3,
                      nacksReceived: 4, nackMisses: 0, plisReceived: 5, firsReceived: firs,
                      remoteFractionLost: fractionLost, remoteJitter: nil, roundTripTime: nil)
    }

    @Test("rooms sum their participants' counters and show their worst loss, jitter and RTT; no participant label")
    func roomAggregates() {
        let a = ParticipantStats(id: BeepSFU.ParticipantID("p1"), packetsIn: 10, bytesIn: 100, packetsOut: 1, bytesOut: 5,
                                 audioScore: nil, roundTripTime: 0.010,
                                 producers: [producer(.audio, lost: 2, jitter: 480, nacks: 0),
                                             producer(.video, lost: 5, jitter: 900, nacks: 6)],
                                 consumers: [consumer(fractionLost: 64, firs: 1)])
        let b = ParticipantStats(id: BeepSFU.ParticipantID("p2"), packetsIn: 20, bytesIn: 200, packetsOut: 2, bytesOut: 7,
                                 audioScore: nil, roundTripTime: 0.030, producers: [],
                                 consumers: [consumer(fractionLost: 128, firs: 2)])
        let stats = SFUStats(participants: [a, b], malformedPackets: 1, unknownSSRCPackets: 0,
                             unknownParticipantPackets: 0, unexpectedPayloadTypePackets: 0, activeSpeaker: nil)
        let text = PrometheusExposition.render(NodeStats(rooms: [RoomStats(room: "demo", sfu: stats)], workers: []))
        for line in ["beep_sfu_participants{room=\"demo\"} 2", "beep_sfu_packets_received_total{room=\"demo\"} 30",
                     "beep_sfu_bytes_sent_total{room=\"demo\"} 12",
                     "beep_sfu_packets_lost_total{room=\"demo\",kind=\"audio\"} 2",
                     "beep_sfu_packets_lost_total{room=\"demo\",kind=\"video\"} 5",
                     "beep_sfu_jitter_seconds{room=\"demo\",kind=\"audio\"} 0.01",
                     "beep_sfu_jitter_seconds{room=\"demo\",kind=\"video\"} 0.01",
                     "beep_sfu_nacks_sent_total{room=\"demo\"} 6", "beep_sfu_plis_sent_total{room=\"demo\"} 2",
                     "beep_sfu_nacks_received_total{room=\"demo\"} 8", "beep_sfu_plis_received_total{room=\"demo\"} 10",
                     "beep_sfu_firs_received_total{room=\"demo\"} 3", "beep_sfu_retransmissions_total{room=\"demo\"} 6",
                     "beep_sfu_subscriber_loss_ratio{room=\"demo\"} 0.5", "beep_sfu_round_trip_seconds{room=\"demo\"} 0.03",
                     "beep_sfu_malformed_packets_total{room=\"demo\"} 1"] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
        #expect(text.contains("# TYPE beep_sfu_packets_lost_total counter\n"))
        #expect(text.contains("# TYPE beep_sfu_jitter_seconds gauge\n"))
        #expect(!text.contains("participant="))
        #expect(!text.contains("beep_sfu_draining"), "no tuning where signalling does not run")
    }

    @Test("the tuning: draining and each limited room's limits")
    func tuning() {
        let tuning = CallTuning(draining: true, rooms: [
            RoomTuning(room: "demo", limits: RoomLimits(maxParticipants: 8, maxBitrateKbps: 500), participantsInCall: 3),
            RoomTuning(room: "big", limits: RoomLimits(maxParticipants: 50), participantsInCall: 0),
        ])
        let text = PrometheusExposition.render(NodeStats(rooms: [], workers: [], tuning: tuning))
        #expect(text.contains("beep_sfu_draining 1\n"))
        #expect(text.contains("beep_sfu_room_participant_limit{room=\"demo\"} 8\n"))
        #expect(text.contains("beep_sfu_room_participant_limit{room=\"big\"} 50\n"))
        #expect(text.contains("beep_sfu_room_bitrate_cap_bits_per_second{room=\"demo\"} 500000\n"))
        #expect(!text.contains("beep_sfu_room_bitrate_cap_bits_per_second{room=\"big\"}"))
    }
}
