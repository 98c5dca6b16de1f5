import BeepSFU
import Testing

/// The allocator's choices for a table of (estimate, layer bitrates, requests, caps).
@Suite("Layer allocator")
struct LayerAllocatorTests {
    /// Three encodings with three temporal layers each (cumulative bitrates).
    static let table = SimulcastLayerTable(encodings: [
        SimulcastEncoding(rid: "q", ssrc: 1, temporalBitrates: [100_000, 150_000, 200_000]),
        SimulcastEncoding(rid: "h", ssrc: 2, temporalBitrates: [300_000, 450_000, 600_000]),
        SimulcastEncoding(rid: "f", ssrc: 3, temporalBitrates: [900_000, 1_200_000, 1_500_000]),
    ])
    static let audio = LayerAllocationRequest(consumer: ConsumerID(1), media: .audio(bitrate: 40_000))

    struct Case: Sendable, CustomStringConvertible {
        var budget: Int64
        var requested: SimulcastLayer?
        var cap: SimulcastLayer?
        var current: SimulcastLayer?
        var expected: SimulcastLayer?
        var description: String {
            "\(budget) bit/s, request \(requested.map { "\($0)" } ?? "-"), cap \(cap.map { "\($0)" } ?? "-"), "
                + "now \(current.map { "\($0)" } ?? "-") -> \(expected.map { "\($0)" } ?? "paused")"
        }
    }

    static func layer(_ spatial: Int, _ temporal: Int) -> SimulcastLayer { SimulcastLayer(spatial: spatial, temporal: temporal) }

    /// Audio takes 40 kbit/s first; an upgrade above the current layer needs 15 % margin.
    static let cases: [Case] = [
        Case(budget: 2_000_000, expected: layer(2, 2)),
        Case(budget: 1_000_000, expected: layer(1, 2)),           // S2T0 needs 1.035 M
        Case(budget: 300_000, expected: layer(0, 2)),             // the ~300 kbit/s subscriber
        Case(budget: 100_000, expected: nil),                     // S0T0 needs 115 k after audio
        Case(budget: 20_000, expected: nil),
        Case(budget: 2_000_000, requested: layer(0, 2), expected: layer(0, 2)),  // a small tile
        Case(budget: 2_000_000, cap: layer(1, 2), expected: layer(1, 2)),        // operator cap
        Case(budget: 2_000_000, requested: layer(2, 0), cap: layer(1, 2), expected: layer(1, 0)),
        Case(budget: 1_600_000, expected: layer(2, 1)),           // S2T2 would need 1.725 M
        Case(budget: 1_600_000, current: layer(2, 2), expected: layer(2, 2)),    // keeping needs 1.5 M
        Case(budget: 1_500_000, current: layer(2, 2), expected: layer(2, 1)),    // now it does not fit
        Case(budget: 150_000, current: layer(0, 0), expected: layer(0, 0)),      // keeping the lowest
    ]

    @Test("Allocation table: estimate, requests and caps give the expected layer", arguments: cases)
    func allocationTable(_ testCase: Case) {
        let video = LayerAllocationRequest(consumer: ConsumerID(2), media: .video(Self.table),
                                           requestedMax: testCase.requested, operatorCap: testCase.cap,
                                           current: testCase.current)
        let result = LayerAllocator().allocate(budget: testCase.budget, requests: [Self.audio, video])
        #expect(result.allocation(of: ConsumerID(2))?.layer == testCase.expected)
        #expect(result.allocation(of: ConsumerID(1))?.bitrate == 40_000)  // audio is never paused
        let videoRate = testCase.expected.flatMap { Self.table.bitrate(of: $0) } ?? 0
        #expect(result.allocatedBitrate == 40_000 + videoRate)
    }

    @Test("Screen share first, then the active speaker, then the others, round robin within a class")
    func priorities() {
        let requests = [
            LayerAllocationRequest(consumer: ConsumerID(10), media: .video(Self.table), priority: .normal),
            LayerAllocationRequest(consumer: ConsumerID(11), media: .video(Self.table), priority: .normal),
            LayerAllocationRequest(consumer: ConsumerID(12), media: .video(Self.table), priority: .activeSpeaker),
            LayerAllocationRequest(consumer: ConsumerID(13), media: .video(Self.table), priority: .screenShare),
            Self.audio,
        ]
        let result = LayerAllocator().allocate(budget: 2_500_000, requests: requests)
        let layers = requests.map { result.allocation(of: $0.consumer)?.layer }
        #expect(layers[3] == Self.layer(2, 2))   // screen share: everything it asks
        #expect(layers[2] == Self.layer(1, 2))   // speaker: most of the rest
        #expect(layers[0] == Self.layer(0, 1))
        #expect(layers[1] == Self.layer(0, 1))   // the two others share alike
        #expect(result.allocatedBitrate <= 2_500_000)
        #expect(result.desiredBitrate == 4 * 1_725_000 + 40_000)  // new consumers: top layer plus margin

        let scarce = LayerAllocator().allocate(budget: 250_000, requests: requests)
        // 210 k after audio; the screen's S0T0 leaves 110 k, less than the speaker's 115 k
        // (with margin), so the speaker is paused and the screen share gets S0T1.
        #expect(scarce.allocation(of: ConsumerID(13))?.layer == Self.layer(0, 1))
        #expect(scarce.allocation(of: ConsumerID(12))?.layer == nil)
        #expect(scarce.allocation(of: ConsumerID(10))?.layer == nil)
        #expect(scarce.allocation(of: ConsumerID(1))?.layer == nil && scarce.allocation(of: ConsumerID(1))?.bitrate == 40_000)
    }

    @Test("A single-encoding video is a one-layer table: on or paused")
    func singleEncoding() {
        let plain = SimulcastLayerTable(encodings: [SimulcastEncoding(rid: "", ssrc: 5, temporalBitrates: [500_000])])
        let request = LayerAllocationRequest(consumer: ConsumerID(3), media: .video(plain))
        #expect(LayerAllocator().allocate(budget: 600_000, requests: [request]).allocations.first?.layer == Self.layer(0, 0))
        #expect(LayerAllocator().allocate(budget: 500_000, requests: [request]).allocations.first?.layer == nil)
    }

    @Test("Full frame rate above the base: a narrow budget gets S0T2, not S1T0; wide ones the top layers as before",
          arguments: [(Int64(500_000), layer(0, 2)), (Int64(800_000), layer(1, 2)), (Int64(1_000_000), layer(1, 2)),
                      (Int64(2_000_000), layer(2, 2)), (Int64(230_000), layer(0, 1))])
    func fullFrameRateAboveBase(budget: Int64, expected: SimulcastLayer) {
        let video = LayerAllocationRequest(consumer: ConsumerID(2), media: .video(Self.table))
        let allocator = LayerAllocator(fullFrameRateAboveBase: true)
        let result = allocator.allocate(budget: budget, requests: [Self.audio, video])
        #expect(result.allocation(of: ConsumerID(2))?.layer == expected)
        // Without the option, 500 kbit/s takes the larger picture at a lower frame rate.
        if budget == 500_000 {
            #expect(LayerAllocator().allocate(budget: budget, requests: [Self.audio, video])
                .allocation(of: ConsumerID(2))?.layer == Self.layer(1, 0))
        }
    }
}
