import BeepRTCP
import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// Generic NACK both ways (RFC 4585 §6.2.1): subscriber NACKs answered from the producer's
/// packet cache in the consumer's sequence space; gaps in a publisher's stream NACKed upstream
/// with bounded retries.
@Suite("SFURouter Generic NACK (RFC 4585 §6.2.1)")
struct SFUNACKTests {
    let alice = SFUTestRoom.names[0], bob = SFUTestRoom.names[1], carol = SFUTestRoom.names[2]

    @Test("RFC 4585 §6.2.1: a subscriber NACK is answered from the cache with the consumer's numbering")
    func answerFromCache() throws {
        var room = try SFUTestRoom()
        let consumer = room.consumerID(of: alice, at: bob, .audio)
        let ssrc = room.ssrc(of: alice, at: bob, .audio)
        for index in 0..<10 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        // A pause/resume shifts Bob's numbering away from Alice's, so the mapping matters.
        try room.router.pauseConsumer(consumer)
        for index in 10..<20 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        try room.router.resumeConsumer(consumer, now: SFUTestMedia.at(400))
        _ = DrainedOutputs(&room.router)
        for index in 20..<30 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        let sent = DrainedOutputs(&room.router).rtp.filter { $0.to == bob && SFUTestMedia.header($0.packet)?.ssrc == ssrc }
        let sentBySequence = Dictionary(sent.compactMap { item in
            SFUTestMedia.header(item.packet).map { ($0.sequenceNumber, item.packet) }
        }, uniquingKeysWith: { first, _ in first })
        let lost: [UInt16] = [112, 115, 0x7000]
        #expect(sentBySequence[112] != nil && sentBySequence[115] != nil && sentBySequence[0x7000] == nil)

        let nack = GenericNACK(senderSSRC: 9, mediaSSRC: ssrc, lost: lost)
        room.router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.genericNACK(nack)), now: SFUTestMedia.at(700))
        let resent = DrainedOutputs(&room.router)
        #expect(resent.rtp.map(\.to) == [bob, bob])
        // The retransmission is the very packet Bob missed, byte for byte.
        #expect(resent.rtp.map(\.packet) == [sentBySequence[112], sentBySequence[115]].compactMap { $0 })
        let stats = try #require(room.router.stats().participants.first { $0.id == bob }?.consumers
            .first { $0.id == consumer })
        #expect(stats.nacksReceived == 1)
        #expect(stats.retransmittedPackets == 2)
        #expect(stats.nackMisses == 1)
    }

    @Test("RFC 4585 §6.2.1: a NACK for an unknown media SSRC is counted and ignored")
    func unknownSSRCNACK() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        let nack = GenericNACK(senderSSRC: 9, mediaSSRC: 0xDEAD, lost: [1, 2])
        room.router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.genericNACK(nack)), now: .zero)
        #expect(DrainedOutputs(&room.router).rtp.isEmpty)
        #expect(room.router.stats().unknownSSRCPackets == 1)
    }

    @Test("RFC 4585 §6.2.1: a gap from the publisher is NACKed at once, retried, and given up after 3 requests")
    func publisherNACK() throws {
        // Audio without extensions, so no speaker timer runs beside the NACK timer.
        var router = SFURouter(configuration: .init(feedbackSSRC: 0xFEED))
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(ProducerParameters(kind: .audio, codec: .opus, ssrc: 11, payloadType: 111,
                                                             clockRate: 48_000), from: alice)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111), now: .zero)
        func send(_ sequence: UInt16, at milliseconds: Int) {
            router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: sequence,
                                                                    timestamp: UInt32(sequence) * 960),
                             now: SFUTestMedia.at(milliseconds))
        }
        // Sequence numbers 100, 101, then 104: 102 and 103 are missing.
        send(100, at: 0)
        send(101, at: 20)
        send(104, at: 80)
        let first = DrainedOutputs(&router)
        #expect(first.nackedSequences(to: alice, mediaSSRC: 11) == [102, 103])
        let nackPacket = try #require(first.rtcp.first { $0.to == alice })
        if case .genericNACK(let nack)? = SFUTestMedia.parseRTCP(nackPacket.packet).first {
            #expect(nack.senderSSRC == 0xFEED)
        } else {
            Issue.record("expected a Generic NACK")
        }
        #expect(router.pollTimeout() == SFUTestMedia.at(180))

        router.handleTimeout(now: SFUTestMedia.at(180))
        #expect(DrainedOutputs(&router).nackedSequences(to: alice, mediaSSRC: 11) == [102, 103])

        // 103 arrives (a retransmission): it is forwarded, late, in the consumer's numbering.
        send(103, at: 200)
        #expect(DrainedOutputs(&router).headers(to: bob, ssrc: 22).map(\.sequenceNumber) == [103])

        router.handleTimeout(now: SFUTestMedia.at(280))
        #expect(DrainedOutputs(&router).nackedSequences(to: alice, mediaSSRC: 11) == [102])
        #expect(router.pollTimeout() == nil)
        router.handleTimeout(now: SFUTestMedia.at(1000))
        #expect(DrainedOutputs(&router).rtcp.isEmpty)

        let stats = try #require(router.stats().participants.first { $0.id == alice }?.producers.first)
        #expect(stats.nackedPackets == 5)
        #expect(stats.packetsReceived == 4)
        #expect(stats.packetsLost == 1)
    }

    @Test("RFC 4585 §6.2.1: a jump wider than the NACK window is a restart, not loss")
    func hugeGapNotNACKed() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        room.sendAudio(from: alice, index: 0, now: .zero)
        room.sendAudio(from: alice, index: 5000, now: SFUTestMedia.at(20))
        #expect(DrainedOutputs(&room.router).nackedSequences(to: alice, mediaSSRC: room.audioSSRC[alice] ?? 0).isEmpty)
    }
}

/// The packet cache is bounded: old packets are evicted and NACKs for them miss.
@Suite("SFURouter packet cache bounds (RFC 4585 §6.2.1)")
struct SFUPacketCacheTests {
    @Test("RFC 4585 §6.2.1: a NACK for a packet evicted from a 16-packet cache is a miss; a recent one is resent")
    func eviction() throws {
        var router = SFURouter(configuration: .init(packetCacheCapacity: 16))
        let alice = ParticipantID("alice"), bob = ParticipantID("bob")
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 11), from: alice)
        let consumer = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111),
                                          now: .zero)
        for sequence in UInt16(0)..<40 {
            router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: sequence,
                                                                    timestamp: UInt32(sequence) * 960),
                             now: SFUTestMedia.at(Int(sequence) * 20))
        }
        _ = DrainedOutputs(&router)
        let nack = GenericNACK(senderSSRC: 9, mediaSSRC: 22, lost: [3, 39])
        router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.genericNACK(nack)), now: SFUTestMedia.at(800))
        #expect(DrainedOutputs(&router).headers(to: bob, ssrc: 22).map(\.sequenceNumber) == [39])
        let stats = try #require(router.stats().participants.first { $0.id == bob }?.consumers.first { $0.id == consumer })
        #expect(stats.nackMisses == 1)
        #expect(stats.retransmittedPackets == 1)
    }
}
