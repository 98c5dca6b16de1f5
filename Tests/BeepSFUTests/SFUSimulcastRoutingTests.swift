import BeepRTCP
import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// Simulcast through the router: SSRCs learned from rid/mid (RFC 8852 §3, RFC 8853), PLIs per
/// encoding (RFC 4585 §6.3.1), layer switches at key frames with a continuous output, NACKs
/// answered with the values first sent (RFC 4585 §6.2.1).
@Suite("SFURouter simulcast (RFC 8853, RFC 8852 §3, RFC 4585 §6)")
struct SFUSimulcastRoutingTests {
    let alice = ParticipantID("alice"), bob = ParticipantID("bob")
    static let consumerSSRC: UInt32 = 0xB0B
    static let encodings = (0..<3).map {
        SimulcastEncoding(rid: SimulcastTestPublisher.rids[$0], ssrc: 0,
                          temporalBitrates: [[100_000, 150_000, 200_000], [300_000, 450_000, 600_000],
                                             [900_000, 1_200_000, 1_500_000]][$0])
    }

    static func at(_ frame: Int) -> MonotonicTime { MonotonicTime(nanoseconds: Int64(frame) * 33_333_333) }

    /// PLIs in a drained output, as (recipient, media SSRC).
    static func plis(_ out: DrainedOutputs) -> [UInt32] {
        out.rtcp.flatMap { SFUTestMedia.parseRTCP($0.packet) }.compactMap {
            if case .pictureLossIndication(let pli) = $0 { return pli.mediaSSRC }
            return nil
        }
    }

    /// Alice publishes the three encodings (rid and mid named, SSRCs unknown), Bob consumes
    /// them at `layer`.
    func publishAndConsume(in router: inout SFURouter, layer: SimulcastLayer) throws -> (producer: ProducerID, consumer: ConsumerID) {
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let parameters = ProducerParameters(kind: .video, codec: .vp8, ssrc: 0, payloadType: 96, clockRate: 90_000,
                                            headerExtensions: SimulcastTestPublisher.extensions)
        let producer = try router.publishSimulcast(parameters, encodings: Self.encodings, mid: "1", from: alice)
        let consumer = try router.consumeSimulcast(
            producer, by: bob, parameters: ConsumerParameters(ssrc: Self.consumerSSRC, payloadType: 100,
                                                              headerExtensions: SimulcastTestPublisher.extensions),
            layer: layer, now: .zero)
        return (producer, consumer)
    }

    /// Sends one frame of every encoding from Alice at frame time `frame`; returns what Bob got.
    func deliver(_ frame: Int, keyFrames: Set<Int> = [], from publisher: inout SimulcastTestPublisher,
                 through router: inout SFURouter) -> [ForwardedPacket] {
        for (_, packets) in publisher.nextFrame(keyFrames: keyFrames, ridAndMid: true) {
            for packet in packets { router.handleRTP(from: alice, packet: packet, now: Self.at(frame)) }
        }
        return DrainedOutputs(&router).rtp.filter { $0.to == bob }.compactMap { ForwardedPacket($0.packet) }
    }

    @Test("Learns SSRCs by rid, asks the right encoding for key frames, switches at them, answers NACKs")
    func endToEnd() throws {
        var router = SFURouter(configuration: .init(feedbackSSRC: 0xFEED))
        let (producer, consumer) = try publishAndConsume(in: &router, layer: SimulcastLayer(spatial: 0, temporal: 2))
        #expect(Self.plis(DrainedOutputs(&router)).isEmpty)  // no SSRC known yet to address

        var publisher = SimulcastTestPublisher()
        var forwarded: [ForwardedPacket] = []
        var sentBytes: [UInt16: [UInt8]] = [:]
        func send(_ frame: Int, keyFrames: Set<Int> = []) {
            for (_, packets) in publisher.nextFrame(keyFrames: keyFrames, ridAndMid: true) {
                for packet in packets { router.handleRTP(from: alice, packet: packet, now: Self.at(frame)) }
            }
            let out = DrainedOutputs(&router)
            for (to, bytes) in out.rtp where to == bob {
                if let parsed = ForwardedPacket(bytes) {
                    forwarded.append(parsed)
                    sentBytes[parsed.sequenceNumber] = bytes
                }
            }
        }
        for frame in 0..<3 { send(frame) }
        #expect(forwarded.isEmpty)  // waiting for a key frame of encoding 0
        #expect(router.simulcastLayers(of: producer)?.encodings.map(\.ssrc) == SimulcastTestPublisher.ssrcs)

        // The retry scheduled one second after the first request reaches the learned SSRC.
        let due = try #require(router.pollTimeout())
        router.handleTimeout(now: due)
        #expect(Self.plis(DrainedOutputs(&router)) == [SimulcastTestPublisher.ssrcs[0]])

        for frame in 3..<10 { send(frame, keyFrames: frame == 4 ? [0] : []) }
        #expect(forwarded.first?.isKeyFrame == true)
        #expect(forwarded.allSatisfy { $0.spatial == 0 && $0.ssrc == Self.consumerSSRC && $0.payloadType == 100 })
        #expect(router.simulcastLayer(of: consumer)?.current == SimulcastLayer(spatial: 0, temporal: 2))

        try router.setSimulcastLayer(consumer, to: SimulcastLayer(spatial: 2, temporal: 2), now: Self.at(60))
        #expect(Self.plis(DrainedOutputs(&router)) == [SimulcastTestPublisher.ssrcs[2]])
        for frame in 10..<20 { send(frame, keyFrames: frame == 15 ? [2] : []) }
        let switchIndex = try #require(forwarded.firstIndex { $0.spatial == 2 })
        #expect(forwarded[switchIndex].isKeyFrame)
        #expect(forwarded[switchIndex...].allSatisfy { $0.spatial == 2 })
        SimulcastForwarderTests.expectContinuous(forwarded)

        // A NACK for two sent packets: the same bytes again.
        let lost = [forwarded[switchIndex].sequenceNumber, forwarded[switchIndex - 1].sequenceNumber]
        let nack = GenericNACK(senderSSRC: 5, mediaSSRC: Self.consumerSSRC, lost: lost)
        router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.genericNACK(nack)), now: Self.at(21))
        let resent = DrainedOutputs(&router).rtp.filter { $0.to == bob }.map(\.packet)
        #expect(Set(resent) == Set(lost.compactMap { sentBytes[$0] }))
        #expect(resent.count == 2)

        // The subscriber's PLI goes to the encoding it receives.
        router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.pictureLossIndication(
            PictureLossIndication(senderSSRC: 5, mediaSSRC: Self.consumerSSRC))), now: Self.at(200))
        #expect(Self.plis(DrainedOutputs(&router)) == [SimulcastTestPublisher.ssrcs[2]])

        let stats = try #require(router.simulcastConsumerStats().first)
        #expect(stats.currentLayer == SimulcastLayer(spatial: 2, temporal: 2) && stats.retransmittedPackets == 2)
        #expect(stats.packetsSent == UInt64(forwarded.count) + 2)
        let producerStats = try #require(router.simulcastProducerStats().first)
        #expect(producerStats.encodings.map(\.keyFrames) == [1, 0, 1])
        #expect(producerStats.encodings.map(\.packetsReceived) == [40, 40, 40])

        // Measured layers: 20 frames over 0.67 s are not a full second yet: the announced table.
        #expect(router.simulcastMeasuredLayers(of: producer, now: Self.at(20)) == router.simulcastLayers(of: producer))

        router.unpublish(producer)
        #expect(DrainedOutputs(&router).events == [.producerClosed(producer)])
        #expect(router.simulcastLayer(of: consumer) == nil)
        #expect(router.consumers(of: bob).isEmpty && router.producers(of: alice).isEmpty)
    }

    @Test("RFC 3550 §5.1 through the router: frames dropped above the temporal layer, or of the current encoding while a switch down waits, leave no sequence gap")
    func droppedFramesLeaveNoGap() throws {
        var router = SFURouter(configuration: .init(feedbackSSRC: 0xFEED))
        let consumer = try publishAndConsume(in: &router, layer: SimulcastLayer(spatial: 2, temporal: 0)).consumer
        var publisher = SimulcastTestPublisher()
        var forwarded: [ForwardedPacket] = []
        func send(_ frame: Int, keyFrames: Set<Int> = []) {
            forwarded += deliver(frame, keyFrames: keyFrames, from: &publisher, through: &router)
        }
        // Encoding 2 at TID 0 only: three frames in four dropped.
        for frame in 0..<12 { send(frame, keyFrames: frame == 0 ? [2] : []) }
        #expect(forwarded.count == 6 && forwarded.allSatisfy { $0.descriptor.temporalLayerIndex == 0 })
        // Every temporal layer, then a switch down: encoding 2 is cut (`droppingCurrent`)
        // until encoding 0's key frame.
        try router.setSimulcastLayer(consumer, to: SimulcastLayer(spatial: 2, temporal: 2), now: Self.at(12))
        for frame in 12..<20 { send(frame) }
        try router.setSimulcastLayer(consumer, to: SimulcastLayer(spatial: 0, temporal: 2), droppingCurrent: true, now: Self.at(20))
        for frame in 20..<30 { send(frame, keyFrames: frame == 25 ? [0] : []) }
        #expect(forwarded.last?.spatial == 0)
        SimulcastForwarderTests.expectContinuous(forwarded)
        let stats = try #require(router.simulcastConsumerStats().first)
        #expect(stats.temporalDrops > 0)
    }

    @Test("RFC 4585 §6.2.1 after a switch down: NACKs for the higher encoding's packets are not answered, the lower one's are")
    func staleNACKsAfterSwitchDown() throws {
        var router = SFURouter(configuration: .init(feedbackSSRC: 0xFEED))
        let consumer = try publishAndConsume(in: &router, layer: SimulcastLayer(spatial: 2, temporal: 2)).consumer
        var publisher = SimulcastTestPublisher()
        var forwarded: [ForwardedPacket] = []
        for frame in 0..<20 {
            forwarded += deliver(frame, keyFrames: frame == 1 ? [2] : (frame == 12 ? [0] : []), from: &publisher,
                                 through: &router)
            if frame == 8 { try router.setSimulcastLayer(consumer, to: SimulcastLayer(spatial: 0, temporal: 2), now: Self.at(frame)) }
        }
        let switchIndex = try #require(forwarded.firstIndex { $0.spatial == 0 })
        #expect(switchIndex > 0 && forwarded[switchIndex].isKeyFrame && forwarded[switchIndex - 1].spatial == 2)
        let nack = GenericNACK(senderSSRC: 5, mediaSSRC: Self.consumerSSRC,
                               lost: [forwarded[switchIndex - 1].sequenceNumber, forwarded[switchIndex].sequenceNumber])
        router.handleRTCP(from: bob, packet: SFUTestMedia.rtcp(.genericNACK(nack)), now: Self.at(21))
        let resent = DrainedOutputs(&router).rtp.filter { $0.to == bob }.compactMap { ForwardedPacket($0.packet) }
        #expect(resent.map(\.sequenceNumber) == [forwarded[switchIndex].sequenceNumber])
        let stats = try #require(router.simulcastConsumerStats().first)
        #expect(stats.staleNACKs == 1 && stats.retransmittedPackets == 1 && stats.nackMisses == 0)
    }

    @Test("Measured layer bitrates: cumulative per TID; an encoding that stops has no layers")
    func measuredLayers() throws {
        var router = SFURouter()
        try router.addParticipant(alice)
        let parameters = ProducerParameters(kind: .video, codec: .vp8, ssrc: 0, payloadType: 96, clockRate: 90_000,
                                            headerExtensions: SimulcastTestPublisher.extensions)
        let producer = try router.publishSimulcast(parameters, encodings: Self.encodings, from: alice)
        var publisher = SimulcastTestPublisher()
        var packetBytes = 0
        for frame in 0..<100 {
            for (spatial, packets) in publisher.nextFrame(ridAndMid: true) where spatial < 2 || frame < 40 {
                for packet in packets {
                    packetBytes = packet.count
                    router.handleRTP(from: alice, packet: packet, now: Self.at(frame))
                }
            }
        }
        let table = try #require(router.simulcastMeasuredLayers(of: producer, now: Self.at(100)))
        // 30 frames per second, 2 packets each; TIDs 0,2,1,2: 1/4 TID 0, 1/4 TID 1, 1/2 TID 2.
        let perSecond = Int64(packetBytes * 8 * 60)
        let layer0 = try #require(table.encodings.first?.temporalBitrates)
        #expect(layer0.count == 3)
        #expect(abs(layer0[2] - perSecond) <= perSecond / 10)
        #expect(abs(layer0[0] - perSecond / 4) <= perSecond / 10)
        #expect(table.encodings[2].temporalBitrates.isEmpty)  // encoding 2 stopped at frame 40
        #expect(LayerAllocator().allocate(budget: 10_000_000, requests: [
            LayerAllocationRequest(consumer: ConsumerID(1), media: .video(table))]).allocations.first?.layer
            == SimulcastLayer(spatial: 1, temporal: 2))
    }

    @Test("Bad simulcast requests are refused with typed errors")
    func validation() throws {
        var router = SFURouter()
        try router.addParticipant(alice)
        let audio = ProducerParameters(kind: .audio, codec: .opus, ssrc: 0, payloadType: 111, clockRate: 48_000)
        #expect(throws: SFUError.self) { try router.publishSimulcast(audio, encodings: Self.encodings, from: alice) }
        let video = ProducerParameters(kind: .video, codec: .vp8, ssrc: 0, payloadType: 96, clockRate: 90_000)
        #expect(throws: SFUError.self) { try router.publishSimulcast(video, encodings: [], from: alice) }
        let duplicate = [SimulcastEncoding(rid: "a", ssrc: 7, temporalBitrates: [1]),
                         SimulcastEncoding(rid: "b", ssrc: 7, temporalBitrates: [2])]
        #expect(throws: SFUError.self) { try router.publishSimulcast(video, encodings: duplicate, from: alice) }
        #expect(throws: SFUError.self) {
            try router.setSimulcastLayer(ConsumerID(99), to: nil, now: .zero)
        }
        // SSRCs are unique across single-stream and simulcast tracks of a participant.
        let encodings = [SimulcastEncoding(rid: "q", ssrc: 70, temporalBitrates: [1])]
        _ = try router.publishSimulcast(video, encodings: encodings, from: alice)
        var single = video
        single.ssrc = 70
        #expect(throws: SFUError.self) { try router.publish(single, from: alice) }
    }
}
