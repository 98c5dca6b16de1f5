import BeepRTCP
import BeepSFU
import BeepWire
import Foundation
import Testing

/// The Codable stats snapshot, receiver-report bookkeeping (RFC 3550 §6.4.2) and sender-report
/// translation toward subscribers (RFC 3550 §7.2).
@Suite("SFURouter stats and reports (RFC 3550 §6.4, §7.2)")
struct SFUStatsTests {
    let alice = SFUTestRoom.names[0], bob = SFUTestRoom.names[1], carol = SFUTestRoom.names[2]

    @Test("Packet and byte counts per participant and per track add up")
    func counts() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        let frames = 8
        for index in 0..<frames {
            for publisher in SFUTestRoom.names {
                room.sendAudio(from: publisher, index: index, now: SFUTestMedia.at(index * 20))
                room.sendVideo(from: publisher, index: index, keyFrame: index == 0, now: SFUTestMedia.at(index * 20))
            }
        }
        let out = DrainedOutputs(&room.router)
        let stats = room.router.stats()
        #expect(stats.participants.map(\.id) == SFUTestRoom.names)
        for participant in stats.participants {
            let received = out.rtp.filter { $0.to == participant.id }
            #expect(participant.packetsIn == UInt64(2 * frames))
            #expect(participant.packetsOut == UInt64(received.count))
            #expect(participant.bytesOut == UInt64(received.map(\.packet.count).reduce(0, +)))
            #expect(participant.producers.count == 2)
            #expect(participant.producers.allSatisfy { $0.packetsReceived == UInt64(frames) && $0.packetsLost == 0 })
            #expect(participant.producers.map(\.bytesReceived).reduce(0, +) == participant.bytesIn)
            #expect(participant.producers.allSatisfy { $0.consumerCount == 2 })
            #expect(participant.consumers.count == 4)
            #expect(participant.consumers.allSatisfy { $0.packetsSent == UInt64(frames) })
            #expect(participant.consumers.map(\.bytesSent).reduce(0, +) == participant.bytesOut)
        }
        #expect(stats.malformedPackets == 0 && stats.unknownSSRCPackets == 0)
    }

    @Test("The snapshot survives a JSON round trip (shared with beep-stats)")
    func codable() throws {
        var room = try SFUTestRoom()
        room.sendAudio(from: alice, index: 0, level: 10, now: .zero)
        let stats = room.router.stats()
        let decoded = try JSONDecoder().decode(SFUStats.self, from: JSONEncoder().encode(stats))
        #expect(decoded == stats)
    }

    @Test("RFC 3550 §A.8: jitter grows when packets arrive unevenly")
    func jitter() throws {
        var room = try SFUTestRoom()
        for index in 0..<20 {
            // 20 ms of media every 20 ms, but every other packet 10 ms late.
            room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20 + (index % 2) * 10))
        }
        let producer = try #require(room.router.stats().participants.first { $0.id == alice }?.producers
            .first { $0.kind == .audio })
        // |D| alternates ±480 ticks (10 ms at 48 kHz): J converges toward 480.
        #expect(producer.jitter > 200 && producer.jitter <= 480)
    }

    @Test("RFC 3550 §6.4.2: a subscriber's report block about a consumer SSRC lands in the consumer's stats")
    func receiverReport() throws {
        var room = try SFUTestRoom()
        let ssrc = room.ssrc(of: alice, at: bob, .audio)
        let block = ReportBlock(ssrc: ssrc, fractionLost: 26, cumulativeLost: 3, extendedHighestSequence: 200,
                                jitter: 77, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        room.router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.receiverReport(
            ReceiverReport(ssrc: 9, reports: [block]))), now: .zero)
        let consumer = try #require(room.router.stats().participants.first { $0.id == bob }?.consumers
            .first { $0.ssrc == ssrc })
        #expect(consumer.remoteFractionLost == 26)
        #expect(consumer.remoteJitter == 77)
        #expect(consumer.roundTripTime == nil)
    }

    @Test("RFC 3550 §7.2: a publisher's SR is translated to each consumer's SSRC and timestamp space")
    func senderReportTranslation() throws {
        var room = try SFUTestRoom()
        let consumer = room.consumerID(of: alice, at: bob, .audio)
        for index in 0..<3 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        try room.router.pauseConsumer(consumer)
        room.sendAudio(from: alice, index: 3, now: SFUTestMedia.at(60))
        try room.router.resumeConsumer(consumer, now: SFUTestMedia.at(500))
        room.sendAudio(from: alice, index: 25, now: SFUTestMedia.at(500))
        let forwarded = DrainedOutputs(&room.router)
        let bobLast = try #require(forwarded.headers(to: bob, ssrc: room.ssrc(of: alice, at: bob, .audio)).last)
        // The SR names the RTP time of packet 25 (5000 + 25 × 960).
        let ntp = NTPTimestamp(seconds: 0xE000_0000, fraction: 0x8000_0000)
        let report = SenderReport(ssrc: room.audioSSRC[alice] ?? 0, ntpTimestamp: ntp, rtpTimestamp: 5000 + 25 * 960,
                                  packetCount: 5, octetCount: 100)
        room.router.handleRTCP(from: alice, packet: SFUTestMedia.rtcp(.senderReport(report)), now: SFUTestMedia.at(500))
        let out = DrainedOutputs(&room.router)
        #expect(Set(out.rtcp.map(\.to)) == [bob, carol])
        let toBob = out.rtcp.filter { $0.to == bob }.flatMap { SFUTestMedia.parseRTCP($0.packet) }
        guard case .senderReport(let translated)? = toBob.first else {
            Issue.record("expected a sender report for Bob")
            return
        }
        #expect(translated.ssrc == room.ssrc(of: alice, at: bob, .audio))
        #expect(translated.ntpTimestamp == ntp)
        #expect(translated.rtpTimestamp == bobLast.timestamp)
        #expect(translated.packetCount == 4)
    }

    @Test("RFC 3550 §7.2: with SR translation off, publisher SRs are only read, not forwarded")
    func senderReportTranslationOff() throws {
        var router = SFURouter(configuration: .init(translateSenderReports: false))
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 11), from: alice)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111),
                                    now: .zero)
        router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: 1, timestamp: 0), now: .zero)
        let report = SenderReport(ssrc: 11, ntpTimestamp: NTPTimestamp(seconds: 1, fraction: 0), rtpTimestamp: 0,
                                  packetCount: 1, octetCount: 4)
        router.handleRTCP(from: alice, packet: SFUTestMedia.rtcp(.senderReport(report)), now: .zero)
        let out = DrainedOutputs(&router)
        #expect(out.rtp.count == 1)
        #expect(out.rtcp.isEmpty)
    }
}
