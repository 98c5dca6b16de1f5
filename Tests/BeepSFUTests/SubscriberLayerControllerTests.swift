import BeepSFU
import BeepWire
import Testing

/// The per-subscriber glue: allocator proposals through one switch policy per video consumer.
@Suite("Subscriber layer controller")
struct SubscriberLayerControllerTests {
    static func at(_ seconds: Double) -> MonotonicTime { MonotonicTime(nanoseconds: Int64(seconds * 1e9)) }
    static let camera = SimulcastLayerTable(encodings: [SimulcastEncoding(rid: "", ssrc: 1, temporalBitrates: [500_000])])

    @Test("A single-encoding video starts after the hold, pauses at once when it no longer fits, audio untouched")
    func pauseAndResume() {
        var controller = SubscriberLayerController()
        let requests = [
            LayerAllocationRequest(consumer: ConsumerID(1), media: .audio(bitrate: 40_000)),
            LayerAllocationRequest(consumer: ConsumerID(2), media: .video(Self.camera)),
        ]
        #expect(controller.update(estimate: 1_000_000, requests: requests, now: Self.at(0)).changes.isEmpty)
        let start = controller.update(estimate: 1_000_000, requests: requests, now: Self.at(2))
        #expect(start.changes == [LayerChange(consumer: ConsumerID(2), layer: SimulcastLayer(spatial: 0, temporal: 0))])
        #expect(start.desiredBitrate == 615_000)  // computed before this switch: 500 k × 1.15 + audio
        let pause = controller.update(estimate: 400_000, requests: requests, now: Self.at(2.1))
        #expect(pause.changes == [LayerChange(consumer: ConsumerID(2), layer: nil)])
        #expect(pause.allocation.allocation(of: ConsumerID(1))?.bitrate == 40_000)
        // Back up only after the hold and the 4 s interval since the pause.
        #expect(controller.update(estimate: 1_000_000, requests: requests, now: Self.at(5)).changes.isEmpty)
        controller.probeSucceeded()
        #expect(controller.update(estimate: 1_000_000, requests: requests, now: Self.at(6.1)).changes.count == 1)
        // A consumer missing from the requests is forgotten.
        _ = controller.update(estimate: 1_000_000, requests: Array(requests.prefix(1)), now: Self.at(7))
        #expect(controller.layer(of: ConsumerID(2)) == nil)
    }
}
