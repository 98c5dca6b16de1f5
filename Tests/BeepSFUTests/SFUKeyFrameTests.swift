import BeepRTCP
import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// Key frame handling: consumers start on a key frame (RFC 7741 §4.3 detection) and the router
/// asks publishers for one with PLI (RFC 4585 §6.3.1), at most once per second per producer.
@Suite("SFURouter key frames (RFC 4585 §6.3.1, RFC 5104 §4.3.1, RFC 7741 §4.3)")
struct SFUKeyFrameTests {
    let alice = SFUTestRoom.names[0], bob = SFUTestRoom.names[1], carol = SFUTestRoom.names[2]

    @Test("RFC 4585 §6.3.1: a new video consumer sends a PLI to the publisher and waits for a key frame")
    func newConsumerWaitsForKeyFrame() throws {
        var router = SFURouter(configuration: .init(feedbackSSRC: 0xFEED))
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.video(ssrc: 77), from: alice)
        let consumer = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 88, payloadType: 96),
                                          now: .zero)
        let start = DrainedOutputs(&router)
        #expect(start.events == [.consumerWaitingForKeyFrame(consumer)])
        let pli = try #require(start.rtcp.first)
        #expect(pli.to == alice)
        #expect(SFUTestMedia.parseRTCP(pli.packet)
            == [.pictureLossIndication(PictureLossIndication(senderSSRC: 0xFEED, mediaSSRC: 77))])

        // Delta frames are held back; the key frame and the rest of its frame go through.
        router.handleRTP(from: alice, packet: SFUTestMedia.vp8(ssrc: 77, sequenceNumber: 10, timestamp: 0, keyFrame: false),
                         now: SFUTestMedia.at(10))
        router.handleRTP(from: alice, packet: SFUTestMedia.vp8(ssrc: 77, sequenceNumber: 11, timestamp: 3000,
                                                               keyFrame: true, marker: false),
                         now: SFUTestMedia.at(40))
        router.handleRTP(from: alice, packet: SFUTestMedia.vp8(ssrc: 77, sequenceNumber: 12, timestamp: 3000,
                                                               keyFrame: false, startOfFrame: false),
                         now: SFUTestMedia.at(41))
        let out = DrainedOutputs(&router)
        #expect(out.headers(to: bob, ssrc: 88).map(\.sequenceNumber) == [11, 12])
        let stats = router.stats()
        #expect(stats.participants.first { $0.id == alice }?.producers.first?.keyFrames == 1)
        #expect(stats.participants.first { $0.id == bob }?.consumers.first?.waitingForKeyFrame == false)
    }

    @Test("RFC 4585 §6.3.1: audio consumers start at once and never send PLIs")
    func audioNeedsNoKeyFrame() throws {
        var router = SFURouter()
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 77), from: alice)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 88, payloadType: 111), now: .zero)
        router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 77, sequenceNumber: 1, timestamp: 0), now: .zero)
        router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.pictureLossIndication(
            PictureLossIndication(senderSSRC: 5, mediaSSRC: 88))), now: .zero)
        let out = DrainedOutputs(&router)
        #expect(out.rtcp.isEmpty)
        #expect(out.rtp.count == 1)
    }

    @Test("RFC 4585 §6.3.1 / RFC 5104 §4.3.1: subscriber PLIs and FIRs reach the publisher at most once per second")
    func subscriberPLIThrottled() throws {
        var room = try SFUTestRoom(now: .zero)
        let aliceVideo = room.videoSSRC[alice] ?? 0
        let initial = DrainedOutputs(&room.router)
        #expect(initial.plis(to: alice, mediaSSRC: aliceVideo) == 1)
        // Bob's and Carol's consumers asked together: one PLI now, the second request deferred
        // as a retry, which each publisher's key frame cancels.
        for publisher in SFUTestRoom.names { room.sendVideo(from: publisher, index: 0, keyFrame: true, now: SFUTestMedia.at(10)) }
        #expect(room.router.pollTimeout() == nil)
        _ = DrainedOutputs(&room.router)

        func pli(from subscriber: ParticipantID, at time: Int) {
            let ssrc = room.ssrc(of: alice, at: subscriber, .video)
            room.router.handleRTCP(from: subscriber, packet: SFUTestMedia.rtcp(.pictureLossIndication(
                PictureLossIndication(senderSSRC: 9, mediaSSRC: ssrc))), now: SFUTestMedia.at(time))
        }
        // The initial PLI at 0 ms leaves a window until 1000 ms; the PLI at 1500 ms goes out.
        pli(from: bob, at: 1500)
        #expect(DrainedOutputs(&room.router).plis(to: alice, mediaSSRC: aliceVideo) == 1)
        // Inside the window: a PLI and an FIR are folded into one deferred PLI at 2500 ms.
        pli(from: bob, at: 1600)
        let fir = FullIntraRequest(senderSSRC: 9, entries: [FIREntry(ssrc: room.ssrc(of: alice, at: carol, .video),
                                                                     sequenceNumber: 1)])
        room.router.handleRTCP(from: carol, packet: SFUTestMedia.rtcp(.fullIntraRequest(fir)), now: SFUTestMedia.at(1700))
        #expect(DrainedOutputs(&room.router).plis(to: alice, mediaSSRC: aliceVideo) == 0)
        #expect(room.router.pollTimeout() == SFUTestMedia.at(2500))
        room.router.handleTimeout(now: SFUTestMedia.at(2499))
        #expect(DrainedOutputs(&room.router).plis(to: alice, mediaSSRC: aliceVideo) == 0)
        room.router.handleTimeout(now: SFUTestMedia.at(2500))
        #expect(DrainedOutputs(&room.router).plis(to: alice, mediaSSRC: aliceVideo) == 1)

        // A key frame arriving inside the window cancels the deferred request.
        pli(from: bob, at: 3600)
        pli(from: bob, at: 3700)
        room.sendVideo(from: alice, index: 2, keyFrame: true, now: SFUTestMedia.at(3800))
        room.router.handleTimeout(now: SFUTestMedia.at(4700))
        #expect(DrainedOutputs(&room.router).plis(to: alice, mediaSSRC: aliceVideo) == 1)

        let stats = room.router.stats()
        let aliceStats = try #require(stats.participants.first { $0.id == alice })
        #expect(aliceStats.producers.first { $0.kind == .video }?.plisSent == 4)
        #expect(aliceStats.producers.first { $0.kind == .video }?.keyFrames == 2)
        let bobConsumer = stats.participants.first { $0.id == bob }?.consumers
            .first { $0.ssrc == room.ssrc(of: alice, at: bob, .video) }
        #expect(bobConsumer?.plisReceived == 4)
        let carolConsumer = stats.participants.first { $0.id == carol }?.consumers
            .first { $0.ssrc == room.ssrc(of: alice, at: carol, .video) }
        #expect(carolConsumer?.firsReceived == 1)
    }

    @Test("RFC 4585 §6.3.1: a resumed consumer inside the throttle window gets its PLI when the window ends")
    func deferredPLIOnResume() throws {
        var room = try SFUTestRoom(now: .zero)
        for publisher in SFUTestRoom.names { room.sendVideo(from: publisher, index: 0, keyFrame: true, now: SFUTestMedia.at(10)) }
        #expect(room.router.pollTimeout() == nil)
        _ = DrainedOutputs(&room.router)
        let consumer = room.consumerID(of: alice, at: bob, .video)
        try room.router.pauseConsumer(consumer)
        try room.router.resumeConsumer(consumer, now: SFUTestMedia.at(300))
        #expect(DrainedOutputs(&room.router).plis(to: alice, mediaSSRC: room.videoSSRC[alice] ?? 0) == 0)
        #expect(room.router.pollTimeout() == SFUTestMedia.at(1000))
        room.router.handleTimeout(now: SFUTestMedia.at(1000))
        #expect(DrainedOutputs(&room.router).plis(to: alice, mediaSSRC: room.videoSSRC[alice] ?? 0) == 1)
    }
}
