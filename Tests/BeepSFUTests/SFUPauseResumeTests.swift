import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// Pause/resume, mute and source replacement keep each consumer's stream continuous: the
/// next sequence number follows the last one sent, and the timestamp advances by the elapsed
/// time in clock ticks (RFC 3550 §5.1; a translator switching sources, RFC 7667 §3.7).
@Suite("SFURouter pause, resume, mute (RFC 3550 §5.1 continuity)")
struct SFUPauseResumeTests {
    let alice = SFUTestRoom.names[0], bob = SFUTestRoom.names[1], carol = SFUTestRoom.names[2]

    @Test("Pause sends nothing; resume continues sequence numbers and timestamps by elapsed time")
    func pauseResumeAudio() throws {
        var room = try SFUTestRoom()
        let consumer = room.consumerID(of: alice, at: bob, .audio)
        let ssrc = room.ssrc(of: alice, at: bob, .audio)
        for index in 0..<10 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        let before = DrainedOutputs(&room.router).headers(to: bob, ssrc: ssrc)
        try room.router.pauseConsumer(consumer)
        for index in 10..<30 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        let paused = DrainedOutputs(&room.router)
        #expect(paused.headers(to: bob, ssrc: ssrc).isEmpty)
        #expect(paused.headers(to: carol, ssrc: room.ssrc(of: alice, at: carol, .audio)).count == 20)
        try room.router.resumeConsumer(consumer, now: SFUTestMedia.at(590))
        for index in 30..<40 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        let after = DrainedOutputs(&room.router).headers(to: bob, ssrc: ssrc)
        let last = try #require(before.last)
        let first = try #require(after.first)
        #expect(before.count == 10 && after.count == 10)
        #expect(first.sequenceNumber == last.sequenceNumber &+ 1)
        // Last sent at 180 ms, first resumed at 600 ms: 420 ms × 48 kHz = 20 160 ticks.
        #expect(first.timestamp == last.timestamp &+ 20_160)
        for (previous, next) in zip(after, after.dropFirst()) {
            #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
            #expect(next.timestamp == previous.timestamp &+ 960)
        }
    }

    @Test("Resuming video waits for a key frame; the key frame gets the next sequence number")
    func pauseResumeVideo() throws {
        var room = try SFUTestRoom()
        let consumer = room.consumerID(of: alice, at: bob, .video)
        let ssrc = room.ssrc(of: alice, at: bob, .video)
        for index in 0..<5 { room.sendVideo(from: alice, index: index, keyFrame: index == 0, now: SFUTestMedia.at(index * 33)) }
        let before = DrainedOutputs(&room.router).headers(to: bob, ssrc: ssrc)
        try room.router.pauseConsumer(consumer)
        for index in 5..<60 { room.sendVideo(from: alice, index: index, keyFrame: false, now: SFUTestMedia.at(index * 33)) }
        try room.router.resumeConsumer(consumer, now: SFUTestMedia.at(2000))
        let resumed = DrainedOutputs(&room.router)
        #expect(resumed.headers(to: bob, ssrc: ssrc).isEmpty)
        #expect(resumed.plis(to: alice, mediaSSRC: room.videoSSRC[alice] ?? 0) == 1)
        #expect(resumed.events.contains(.consumerWaitingForKeyFrame(consumer)))
        room.sendVideo(from: alice, index: 61, keyFrame: false, now: SFUTestMedia.at(2010))
        room.sendVideo(from: alice, index: 62, keyFrame: true, now: SFUTestMedia.at(2043))
        room.sendVideo(from: alice, index: 63, keyFrame: false, now: SFUTestMedia.at(2076))
        let after = DrainedOutputs(&room.router).headers(to: bob, ssrc: ssrc)
        let last = try #require(before.last)
        #expect(after.map(\.sequenceNumber) == [last.sequenceNumber &+ 1, last.sequenceNumber &+ 2])
        // Last sent at 132 ms, key frame at 2043 ms: 1911 ms × 90 kHz.
        #expect(after.first?.timestamp == last.timestamp &+ 171_990)
    }

    @Test("Muting a producer pauses all its consumers without renegotiation; unmuting resumes them")
    func muteProducer() throws {
        var room = try SFUTestRoom()
        let producer = try #require(room.audioProducer[alice])
        room.sendAudio(from: alice, index: 0, now: .zero)
        let first = DrainedOutputs(&room.router)
        try room.router.muteProducer(producer)
        for index in 1..<10 {
            room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20))
            room.sendAudio(from: bob, index: index, now: SFUTestMedia.at(index * 20))
        }
        let muted = DrainedOutputs(&room.router)
        #expect(muted.events == [.producerPaused(producer)])
        for subscriber in [bob, carol] {
            #expect(muted.headers(to: subscriber, ssrc: room.ssrc(of: alice, at: subscriber, .audio)).isEmpty)
        }
        #expect(muted.headers(to: carol, ssrc: room.ssrc(of: bob, at: carol, .audio)).count == 9)
        #expect(room.router.stats().participants.first { $0.id == alice }?.producers.first?.paused == true)
        try room.router.unmuteProducer(producer, now: SFUTestMedia.at(200))
        room.sendAudio(from: alice, index: 10, now: SFUTestMedia.at(200))
        let unmuted = DrainedOutputs(&room.router)
        #expect(unmuted.events == [.producerResumed(producer)])
        for subscriber in [bob, carol] {
            let ssrc = room.ssrc(of: alice, at: subscriber, .audio)
            let before = try #require(first.headers(to: subscriber, ssrc: ssrc).last)
            let after = try #require(unmuted.headers(to: subscriber, ssrc: ssrc).first)
            #expect(after.sequenceNumber == before.sequenceNumber &+ 1)
            #expect(after.timestamp == before.timestamp &+ 200 * 48)
        }
    }

    @Test("Replacing a producer's source (new SSRC, sequence and timestamp base) is seamless downstream")
    func replaceSource() throws {
        var room = try SFUTestRoom()
        let producer = try #require(room.audioProducer[alice])
        let ssrc = room.ssrc(of: alice, at: bob, .audio)
        for index in 0..<5 { room.sendAudio(from: alice, index: index, now: SFUTestMedia.at(index * 20)) }
        let before = DrainedOutputs(&room.router).headers(to: bob, ssrc: ssrc)
        try room.router.replaceSource(of: producer, with: SFUTestMedia.audio(ssrc: 0xABCD), now: SFUTestMedia.at(100))
        for index in 0..<5 {
            room.router.handleRTP(from: alice, packet: SFUTestMedia.opus(
                ssrc: 0xABCD, sequenceNumber: 40_000 &+ UInt16(index), timestamp: 0x1234_0000 &+ UInt32(index) * 960),
                                  now: SFUTestMedia.at(100 + index * 20))
        }
        let after = DrainedOutputs(&room.router).headers(to: bob, ssrc: ssrc)
        let last = try #require(before.last)
        #expect(after.count == 5)
        #expect(after.first?.sequenceNumber == last.sequenceNumber &+ 1)
        #expect(after.first?.timestamp == last.timestamp &+ 20 * 48)
        // The old SSRC is no longer recognised.
        room.sendAudio(from: alice, index: 6, now: SFUTestMedia.at(300))
        #expect(room.router.stats().unknownSSRCPackets == 1)
    }

    @Test("Reordering inside a segment is passed on; a straggler from before a resume is dropped")
    func reorderingAndStragglers() throws {
        var router = SFURouter()
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 11), from: alice)
        let consumer = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111),
                                          now: .zero)
        func send(_ sequence: UInt16, at milliseconds: Int) {
            router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: sequence,
                                                                    timestamp: UInt32(sequence) * 960),
                             now: SFUTestMedia.at(milliseconds))
        }
        send(1, at: 0)
        send(3, at: 40)
        send(2, at: 45)
        #expect(DrainedOutputs(&router).headers(to: bob, ssrc: 22).map(\.sequenceNumber) == [1, 3, 2])
        try router.pauseConsumer(consumer)
        send(4, at: 60)
        try router.resumeConsumer(consumer, now: SFUTestMedia.at(100))
        send(6, at: 100)
        // 5 was sent before 6 but arrives after the resume point: forwarding it would put it
        // before the segment's first packet, so it is dropped.
        send(5, at: 105)
        send(7, at: 120)
        #expect(DrainedOutputs(&router).headers(to: bob, ssrc: 22).map(\.sequenceNumber) == [4, 5])
    }
}
