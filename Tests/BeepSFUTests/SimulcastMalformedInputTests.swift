import BeepRTCP
import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// Simulcast input comes from publishers and subscribers: truncated, bit-flipped and random
/// packets must never trap the forwarder or the router's simulcast path.
@Suite("Simulcast with malformed input")
struct SimulcastMalformedInputTests {
    @Test("Bit-flipped and truncated VP8 packets through the forwarder and the router: no trap")
    func bitFlips() throws {
        var generator = SplitMix64(seed: 0x51C)
        var forwarder = SimulcastForwarder(ssrc: 1, payloadType: 96)
        forwarder.setTarget(SimulcastLayer(spatial: 1, temporal: 1))
        var router = SFURouter()
        let alice = ParticipantID("alice"), bob = ParticipantID("bob")
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let parameters = ProducerParameters(kind: .video, codec: .vp8, ssrc: 0, payloadType: 96, clockRate: 90_000,
                                            headerExtensions: SimulcastTestPublisher.extensions)
        let encodings = SimulcastTestPublisher.ssrcs.enumerated().map {
            SimulcastEncoding(rid: SimulcastTestPublisher.rids[$0.offset], ssrc: $0.element, temporalBitrates: [1, 2, 3])
        }
        let producer = try router.publishSimulcast(parameters, encodings: encodings, from: alice)
        _ = try router.consumeSimulcast(producer, by: bob, parameters: ConsumerParameters(ssrc: 9, payloadType: 100),
                                        layer: SimulcastLayer(spatial: 1, temporal: 2), now: .zero)
        var publisher = SimulcastTestPublisher()
        var forwardedSomething = false
        for frame in 0..<2000 {
            let now = MonotonicTime(nanoseconds: Int64(frame) * 1_000_000)
            for (spatial, packets) in publisher.nextFrame(keyFrames: frame % 50 == 0 ? [0, 1, 2] : [], ridAndMid: true) {
                for packet in packets {
                    var mutated = packet
                    switch frame % 3 {
                    case 0:
                        let index = Int.random(in: 0..<mutated.count, using: &generator)
                        mutated[index] ^= UInt8.random(in: 1...255, using: &generator)
                    case 1:
                        mutated = Array(mutated.prefix(Int.random(in: 0...mutated.count, using: &generator)))
                    default:
                        break
                    }
                    if forwarder.forward(mutated, spatialLayer: spatial, now: now) != nil { forwardedSomething = true }
                    router.handleRTP(from: alice, packet: mutated, now: now)
                }
            }
            let noise = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            router.handleRTCP(from: bob, packet: noise, now: now)
            while router.pollOutput() != nil {}
            if let due = router.pollTimeout(), due <= now { router.handleTimeout(now: now) }
        }
        #expect(forwardedSomething)
        #expect(router.simulcastConsumerStats().first.map { $0.packetsSent > 0 } == true)
    }
}
