@testable import BeepCallServer
import BeepCalls
import BeepSFU
import Testing

/// A subscriber's `maxLayer` as the room worker keeps it, and what the call server's allocator
/// then picks for that track with plenty of bandwidth.
@Suite struct SubscriberLayerRequestTests {
    static let table = SimulcastLayerTable(encodings: [
        SimulcastEncoding(rid: "q", ssrc: 1, temporalBitrates: [100_000, 150_000, 200_000]),
        SimulcastEncoding(rid: "h", ssrc: 2, temporalBitrates: [300_000, 450_000, 600_000]),
        SimulcastEncoding(rid: "f", ssrc: 3, temporalBitrates: [900_000, 1_200_000, 1_500_000]),
    ])
    static let bob = BeepCalls.ParticipantID(rawValue: "p2")
    static let carol = BeepCalls.ParticipantID(rawValue: "p3")

    func layers(_ adaptation: SubscriberAdaptation, budget: Int64) -> [SimulcastLayer?] {
        let requests = [(ConsumerID(1), Self.bob), (ConsumerID(2), Self.carol)].map { consumer, publisher in
            LayerAllocationRequest(consumer: consumer, media: .video(Self.table),
                                   requestedMax: adaptation.requestedMax(publisher: publisher, kind: .video))
        }
        let result = adaptation.controller.allocator.allocate(budget: budget, requests: requests)
        return requests.map { result.allocation(of: $0.consumer)?.layer }
    }

    @Test("a small tile's q holds that track to the lowest encoding at full frame rate; the other track and lifting it get f")
    func requestBoundsTheAllocation() {
        var adaptation = SubscriberAdaptation()
        #expect(layers(adaptation, budget: 10_000_000) == [SimulcastLayer(spatial: 2, temporal: 2),
                                                           SimulcastLayer(spatial: 2, temporal: 2)])
        adaptation.request(.q, publisher: Self.bob, kind: .video)
        #expect(layers(adaptation, budget: 10_000_000) == [SimulcastLayer(spatial: 0, temporal: 2),
                                                           SimulcastLayer(spatial: 2, temporal: 2)])
        adaptation.request(.h, publisher: Self.bob, kind: .screen)  // another track of Bob's
        #expect(adaptation.requestedMax(publisher: Self.bob, kind: .screen) == SimulcastLayer(spatial: 1, temporal: 15))
        adaptation.request(nil, publisher: Self.bob, kind: .video)
        #expect(adaptation.requestedMax(publisher: Self.bob, kind: .video) == nil)
        #expect(layers(adaptation, budget: 10_000_000).first == SimulcastLayer(spatial: 2, temporal: 2))
    }

    @Test("the estimate still decides below the request: h asked, only q fits")
    func estimateBelowTheRequest() {
        var adaptation = SubscriberAdaptation()
        adaptation.request(.h, publisher: Self.bob, kind: .video)
        adaptation.request(.h, publisher: Self.carol, kind: .video)
        #expect(layers(adaptation, budget: 500_000) == [SimulcastLayer(spatial: 0, temporal: 2),
                                                        SimulcastLayer(spatial: 0, temporal: 2)])
    }
}
