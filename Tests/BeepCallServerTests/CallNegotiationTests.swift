@testable import BeepCallServer
import BeepDTLS
import BeepNegotiation
import BeepSDP
import BeepSFU
import BeepSFUServer
import BeepTestSupport
import Testing

@Suite struct CallNegotiationTests {
    func negotiation() throws -> CallNegotiation {
        let transport = LocalTransport(iceUfrag: "srvU", icePassword: "server-password-0123456789",
                                       fingerprint: try DTLSCertificate().fingerprint, setup: .passive,
                                       candidates: [.ipv4(127, 0, 0, 1, port: 8801)])
        return CallNegotiation(transport: transport, sessionID: 42)
    }

    func chromiumOffer() throws -> RemoteDescription {
        try RemoteDescription(try SessionDescription.parse(try Fixtures.text("sdp/chromium-offer-audio-video.sdp")))
    }

    @Test func rfc8829Section5_3PublishingSectionsAreAnsweredRecvonly() throws {
        var negotiation = try negotiation()
        let (answer, publications) = negotiation.answer(offer: try chromiumOffer())
        #expect(publications.map(\.kind) == [.audio, .video])
        #expect(answer.iceLite)
        #expect(answer.media.allSatisfy { $0.direction == .recvonly })
        #expect(answer.media.allSatisfy { answer.setupRole(for: $0) == .passive })
        #expect(negotiation.established)
        #expect(negotiation.payloadType(for: .audio) != nil && negotiation.payloadType(for: .video) != nil)
    }

    @Test func serverOffersAddSendonlySectionsWithSSRCAndMsid() throws {
        var negotiation = try negotiation()
        _ = negotiation.answer(offer: try chromiumOffer())
        let stream = SendingStream(ssrc: 0xABCD, streamID: "p2", trackID: "camera", cname: "beep-p2")
        let added = negotiation.addSubscription(kind: .video, stream: stream)
        let mid = try #require(added)
        let offer = negotiation.makeOffer()
        #expect(negotiation.serverOfferOutstanding)
        let section = try #require(offer.media.first { $0.mid == mid })
        #expect(section.direction == .sendonly)
        #expect(section.ssrcs == [0xABCD])
        #expect(offer.setupRole(for: section) == .actpass)
        #expect(offer.bundleMids.count == 3)
        negotiation.endSubscription(ssrc: 0xABCD)
        let next = negotiation.makeOffer()
        #expect(next.media.first { $0.mid == mid }?.direction == .inactive)
        negotiation.answered()
        #expect(!negotiation.serverOfferOutstanding)
    }
}

/// Simulcast publishing (RFC 8853 §5.3, RFC 8851 §4) and the transport-wide congestion control
/// negotiated toward subscribers (draft-holmer-rmcat-transport-wide-cc-extensions-01 §4).
@Suite struct SimulcastNegotiationTests {
    func negotiation() throws -> CallNegotiation {
        let transport = LocalTransport(iceUfrag: "srvU", icePassword: "server-password-0123456789",
                                       fingerprint: try DTLSCertificate().fingerprint, setup: .passive,
                                       candidates: [.ipv4(127, 0, 0, 1, port: 8801)])
        return CallNegotiation(transport: transport, sessionID: 7)
    }

    func simulcastOffer() throws -> RemoteDescription {
        try RemoteDescription(try SessionDescription.parse(try Fixtures.text("sdp/chromium-offer-simulcast.sdp")))
    }

    @Test func rfc8853Section5_3ChromiumsThreeRidsAreReceivedAsSimulcast() throws {
        var negotiation = try negotiation()
        let (answer, publications) = negotiation.answer(offer: try simulcastOffer())
        let video = try #require(publications.first { $0.kind == .video })
        #expect(video.rids == ["q", "h", "f"])
        #expect(video.ssrc == 0)  // learned from the rid header extension
        #expect(video.headerExtensions.contains { $0.uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id" })
        let section = try #require(answer.media.first { $0.kind == .video })
        #expect(section.rids.map(\.id) == ["q", "h", "f"])
        #expect(section.rids.allSatisfy { $0.direction == .recv })
        #expect(section.simulcast?.recv.map { $0.map(\.rid) } == [["q"], ["h"], ["f"]])
        // Publishers get REMB, not transport-cc: Beep sends them no transport-wide feedback.
        let feedback = section.codecs.flatMap(\.feedback).map(\.type)
        #expect(feedback.contains("goog-remb") && !feedback.contains("transport-cc"))
        #expect(!section.headerExtensions.contains { $0.uri.contains("transport-wide-cc") })
        let audio = try #require(publications.first { $0.kind == .audio })
        #expect(audio.rids.isEmpty && audio.ssrc == 3_340_757_190)
    }

    @Test func subscriberSectionsCarryTransportCCAndAnRTXStreamForProbes() throws {
        var negotiation = try negotiation()
        _ = negotiation.answer(offer: try simulcastOffer())
        #expect(negotiation.transportWideSequenceID == 3)
        #expect(negotiation.retransmissionPayloadType == 97)
        let stream = SendingStream(ssrc: 0x1111, streamID: "p", trackID: "cam", cname: "beep-p", retransmissionSSRC: 0x2222)
        let added = negotiation.addSubscription(kind: .video, stream: stream)
        let mid = try #require(added)
        let offer = negotiation.makeOffer()
        let section = try #require(offer.media.first { $0.mid == mid })
        #expect(section.headerExtensions.contains { $0.id == 3 && $0.uri.contains("transport-wide-cc") })
        let vp8 = try #require(section.codecs.first { $0.isNamed("VP8") })
        #expect(vp8.feedback.contains { $0.type == "transport-cc" })
        let rtx = try #require(section.codecs.first { $0.isRTX })
        #expect(rtx.associatedPayloadType == vp8.payloadType)
        #expect(section.ssrcGroups(.fid).first?.ssrcs == [0x1111, 0x2222])
        #expect(Set(section.ssrcs) == [0x1111, 0x2222])
        // Audio sections get no RTX.
        let audioAdded = negotiation.addSubscription(
            kind: .audio, stream: SendingStream(ssrc: 0x3333, streamID: "p", trackID: "mic", cname: "beep-p"))
        let audioMid = try #require(audioAdded)
        let audio = try #require(negotiation.makeOffer().media.first { $0.mid == audioMid })
        #expect(!audio.codecs.contains { $0.isRTX })
    }
}

@Suite struct PrometheusExpositionTests {
    @Test func rendersCountersAndGaugesWithEscapedLabels() {
        let participant = ParticipantStats(id: BeepSFU.ParticipantID("p\"1"), packetsIn: 10, bytesIn: 1000,
                                           packetsOut: 20, bytesOut: 2000, audioScore: nil, producers: [], consumers: [])
        let stats = SFUStats(participants: [participant], malformedPackets: 0, unknownSSRCPackets: 0,
                             unknownParticipantPackets: 0, unexpectedPayloadTypePackets: 0, activeSpeaker: nil)
        let text = PrometheusExposition.render([RoomStats(room: "r\"1", sfu: stats)])
        #expect(text.contains("# TYPE beep_sfu_packets_sent_total counter"))
        #expect(text.contains("beep_sfu_packets_sent_total{room=\"r\\\"1\"} 20\n"))
        #expect(!text.contains("participant="), "participant ids are not labels (unbounded over time)")
        #expect(text.contains("beep_sfu_rooms 1\n"))
    }

    @Test func rendersTheRoundTripTimeOnlyOnceMeasured() {
        let consumer = ConsumerStats(id: ConsumerID(1), producerID: ProducerID(2), kind: .audio, ssrc: 7, paused: false,
                                     waitingForKeyFrame: false, packetsSent: 0, bytesSent: 0, retransmittedPackets: 0,
                                     nacksReceived: 0, nackMisses: 0, plisReceived: 0, firsReceived: 0,
                                     remoteFractionLost: nil, remoteJitter: nil, roundTripTime: nil)
        let measured = ParticipantStats(id: BeepSFU.ParticipantID("a"), packetsIn: 0, bytesIn: 0, packetsOut: 0,
                                        bytesOut: 0, audioScore: nil, producers: [], consumers: [consumer])
        let unmeasured = ParticipantStats(id: BeepSFU.ParticipantID("b"), packetsIn: 0, bytesIn: 0, packetsOut: 0,
                                          bytesOut: 0, audioScore: nil, producers: [], consumers: [])
        let stats = SFUStats(participants: [measured, unmeasured], malformedPackets: 0, unknownSSRCPackets: 0,
                             unknownParticipantPackets: 0, unexpectedPayloadTypePackets: 0, activeSpeaker: nil)
            .withRoundTripTimes { $0.rawValue == "a" ? 0.025 : nil }
        #expect(stats.participants[0].roundTripTime == 0.025)
        #expect(stats.participants[0].consumers[0].roundTripTime == 0.025)
        #expect(stats.participants[1].roundTripTime == nil)
        let text = PrometheusExposition.render([RoomStats(room: "r", sfu: stats)])
        #expect(text.contains("beep_sfu_round_trip_seconds{room=\"r\"} 0.025\n"))
        let unmeasuredRoom = SFUStats(participants: [unmeasured], malformedPackets: 0, unknownSSRCPackets: 0,
                                      unknownParticipantPackets: 0, unexpectedPayloadTypePackets: 0, activeSpeaker: nil)
        #expect(!PrometheusExposition.render([RoomStats(room: "q", sfu: unmeasuredRoom)]).contains("beep_sfu_round_trip_seconds{"))
    }

    @Test func rendersWorkersWithTransitQuantiles() {
        var histogram = TransitTimeHistogram()
        for _ in 0..<10 { histogram.record(nanoseconds: 40_000_000) }  // 40 ms
        let worker = MediaWorkerStats(worker: 1, ports: [8802], datagramsReceived: 5, datagramsSent: 9, cpuSeconds: 0.5,
                                      transit: histogram.summary)
        let idle = MediaWorkerStats(worker: 0, ports: [8801], datagramsReceived: 0, datagramsSent: 0, cpuSeconds: nil,
                                    transit: TransitTimeHistogram().summary)
        let text = PrometheusExposition.render(NodeStats(rooms: [], workers: [idle, worker]))
        #expect(text.contains("beep_sfu_rooms 0\n"))
        #expect(text.contains("beep_sfu_worker_cpu_seconds_total{worker=\"1\"} 0.5\n"))
        #expect(!text.contains("beep_sfu_worker_cpu_seconds_total{worker=\"0\"}"))
        #expect(text.contains("beep_sfu_worker_datagrams_sent_total{worker=\"1\"} 9\n"))
        #expect(text.contains("# TYPE beep_sfu_transit_seconds summary\n"))
        #expect(text.contains("beep_sfu_transit_seconds{worker=\"1\",quantile=\"0.99\"} 0.04\n"))
        #expect(text.contains("beep_sfu_transit_seconds_count{worker=\"1\"} 10\n"))
        #expect(!text.contains("beep_sfu_transit_seconds{worker=\"0\""))
    }
}
