import BeepRTCP
import BeepRTP
import BeepSFU
import BeepTestSupport
import BeepWire
import Testing

/// Bad input never traps: garbage, truncated packets, unknown SSRCs and unknown participants
/// are dropped and counted (RFC 3550 §5.1 / §6.1 validity checks via the parsers).
@Suite("SFURouter malformed and unexpected input")
struct SFUMalformedInputTests {
    let alice = SFUTestRoom.names[0], bob = SFUTestRoom.names[1]

    @Test("Random bytes as RTP and RTCP never crash and are counted as malformed")
    func randomBytes() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        var generator = SeededGenerator(seed: 3550)
        var rtpAccepted = 0
        for round in 0..<2000 {
            let length = Int.random(in: 0...80, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Half the inputs look like version 2 so they reach deeper parsing.
            if round % 2 == 0, !bytes.isEmpty { bytes[0] = 0x80 | (bytes[0] & 0x3F) }
            let now = SFUTestMedia.at(round)
            room.router.handleRTP(from: alice, packet: bytes, now: now)
            room.router.handleRTCP(from: bob, packet: bytes, now: now)
            room.router.handleTimeout(now: now)
            if (try? RTPHeaderView(parsing: bytes)) != nil { rtpAccepted += 1 }
        }
        while room.router.pollOutput() != nil {}
        let stats = room.router.stats()
        #expect(stats.malformedPackets >= UInt64(2000 - rtpAccepted))
        #expect(stats.unknownSSRCPackets + stats.unexpectedPayloadTypePackets > 0)
    }

    @Test("Every truncation of a valid packet is handled")
    func truncations() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        let audio = SFUTestMedia.opus(ssrc: room.audioSSRC[alice] ?? 0, sequenceNumber: 1, timestamp: 0, level: 3)
        let video = SFUTestMedia.vp8(ssrc: room.videoSSRC[alice] ?? 0, sequenceNumber: 1, timestamp: 0, keyFrame: true)
        let nackMessage = GenericNACK(senderSSRC: 1, mediaSSRC: room.ssrc(of: alice, at: bob, .audio), lost: [1, 2, 3])
        let nack = SFUTestMedia.rtcp(.genericNACK(nackMessage))
        for packet in [audio, video] {
            for length in 0..<packet.count {
                room.router.handleRTP(from: alice, packet: Array(packet.prefix(length)), now: .zero)
            }
        }
        for length in 0..<nack.count {
            room.router.handleRTCP(from: bob, packet: Array(nack.prefix(length)), now: .zero)
        }
        while room.router.pollOutput() != nil {}
        // Fewer than 12 bytes can never be RTP; those alone are at least 24 malformed packets.
        #expect(room.router.stats().malformedPackets >= 24)
    }

    @Test("Unknown SSRC, unexpected payload type and unknown participant are counted, not forwarded")
    func unknownSources() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        room.router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 0xBAD, sequenceNumber: 1, timestamp: 0),
                              now: .zero)
        // Bob's SSRC sent by Alice is unknown for Alice: SSRCs are scoped per participant.
        room.router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: room.audioSSRC[bob] ?? 0, sequenceNumber: 1,
                                                                     timestamp: 0), now: .zero)
        room.router.handleRTP(from: alice, packet: SFUTestMedia.vp8(ssrc: room.audioSSRC[alice] ?? 0, sequenceNumber: 1,
                                                                    timestamp: 0, keyFrame: true), now: .zero)
        room.router.handleRTP(from: ParticipantID("mallory"), packet: SFUTestMedia.opus(
            ssrc: room.audioSSRC[alice] ?? 0, sequenceNumber: 1, timestamp: 0), now: .zero)
        room.router.handleRTCP(from: ParticipantID("mallory"), packet: [0x80, 0xC9, 0, 1, 0, 0, 0, 1], now: .zero)
        #expect(DrainedOutputs(&room.router).rtp.isEmpty)
        let stats = room.router.stats()
        #expect(stats.unknownSSRCPackets == 2)
        #expect(stats.unexpectedPayloadTypePackets == 1)
        #expect(stats.unknownParticipantPackets == 2)
    }

    @Test("Control calls reject bad requests with typed errors")
    func controlErrors() throws {
        var router = SFURouter()
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        #expect(throws: SFUError(.duplicateParticipant, "participant alice is already in the router")) {
            try router.addParticipant(alice)
        }
        func code(_ body: () throws(SFUError) -> Void) -> SFUError.Code? {
            do { try body() } catch { return error.code }
            return nil
        }
        #expect(code { () throws(SFUError) in
            _ = try router.publish(SFUTestMedia.audio(ssrc: 1), from: ParticipantID("x")) } == .unknownParticipant)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 1), from: alice)
        #expect(code { () throws(SFUError) in
            _ = try router.publish(SFUTestMedia.video(ssrc: 1), from: alice) } == .duplicateSSRC)
        var badType = SFUTestMedia.audio(ssrc: 2)
        badType.payloadType = 200
        #expect(code { () throws(SFUError) in
            _ = try router.publish(badType, from: alice) } == .invalidParameters)
        #expect(code { () throws(SFUError) in
            _ = try router.consume(ProducerID(999), by: bob, parameters: ConsumerParameters(ssrc: 5, payloadType: 111),
                                   now: .zero) } == .unknownProducer)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 5, payloadType: 111), now: .zero)
        #expect(code { () throws(SFUError) in
            _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 5, payloadType: 111),
                                   now: .zero) } == .duplicateSSRC)
        #expect(code { () throws(SFUError) in
            try router.pauseConsumer(ConsumerID(999)) } == .unknownConsumer)
        #expect(code { () throws(SFUError) in
            try router.muteProducer(ProducerID(999)) } == .unknownProducer)
        #expect(code { () throws(SFUError) in
            try router.replaceSource(of: producer, with: SFUTestMedia.video(ssrc: 3), now: .zero) } == .notAllowed)
    }

    @Test("Removing a participant closes its producers and consumers everywhere")
    func removeParticipant() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        room.router.removeParticipant(alice)
        let out = DrainedOutputs(&room.router)
        let closed = out.events.compactMap { event -> ProducerID? in
            if case .producerClosed(let id) = event { return id }
            return nil
        }
        #expect(Set(closed) == Set([room.audioProducer[alice], room.videoProducer[alice]].compactMap { $0 }))
        #expect(room.router.consumers(of: bob).count == 2)
        #expect(room.router.producers(of: alice).isEmpty)
        room.sendAudio(from: alice, index: 0, now: .zero)
        room.sendAudio(from: bob, index: 0, now: .zero)
        let after = DrainedOutputs(&room.router)
        #expect(after.rtp.map(\.to) == [SFUTestRoom.names[2]])
        #expect(room.router.stats().unknownParticipantPackets == 1)
        #expect(room.router.stats().participants.count == 2)
    }

    @Test("A router stalled for a long time and woken at the end of time does not spin")
    func farFutureTimeout() throws {
        var room = try SFUTestRoom()
        room.sendAudio(from: SFUTestRoom.names[0], index: 0, level: 10, now: .zero)
        room.router.handleTimeout(now: MonotonicTime(nanoseconds: Int64.max))
        // The deferred PLIs fired and the speaker windows decayed to silence and rested.
        #expect(room.router.pollTimeout() == nil)
        #expect(room.router.activeSpeaker == nil)
    }
}
