@testable import BeepCallServer
import BeepBWE
import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// The sans-IO parts of the call server's adaptive video: the send-path test hook (issue 5
/// item 7) and the probe padding (RFC 4588 RTX with RFC 3550 §5.1 padding).
@Suite struct LinkTestHookTests {
    static let rtp: [UInt8] = [0x80, 96] + [UInt8](repeating: 0, count: 98)  // 100 bytes
    static func at(_ ms: Int64) -> MonotonicTime { MonotonicTime(nanoseconds: ms * 1_000_000) }

    @Test func capDrainsAtTheRateAndTailDropsBeyondTheQueue() {
        // 80 kbit/s: a 100-byte datagram takes 10 ms on the link; queue limit 30 ms.
        var hook = LinkTestHook<Int>(settings: LinkTestSettings(bitsPerSecond: 80_000, dropRate: 0, delayMilliseconds: 0,
                                                                maximumQueueMilliseconds: 30))
        for index in 0..<6 { hook.enqueue(Self.rtp, to: index, now: Self.at(0)) }
        // Released at 10, 20, 30, 40 ms; the 5th and 6th would wait 40 and 50 ms: dropped.
        #expect(hook.droppedByCap == 2)
        #expect(hook.dequeue(now: Self.at(9)) == nil)
        #expect(hook.dequeue(now: Self.at(10))?.destination == 0)
        #expect(hook.dequeue(now: Self.at(10)) == nil)
        #expect(hook.nextRelease == Self.at(20))
        var delivered: [Int] = []
        while let next = hook.dequeue(now: Self.at(100)) { delivered.append(next.destination) }
        #expect(delivered == [1, 2, 3])
        #expect(hook.nextRelease == nil)
    }

    @Test func randomDropLosesOnlyRTPAndDelayHolds() {
        var hook = LinkTestHook<Int>(settings: LinkTestSettings(bitsPerSecond: nil, dropRate: 1, delayMilliseconds: 50,
                                                                maximumQueueMilliseconds: 300))
        hook.enqueue(Self.rtp, to: 1, now: Self.at(0))
        let rtcp: [UInt8] = [0x80, 201, 0, 1, 0, 0, 0, 1]
        hook.enqueue(rtcp, to: 2, now: Self.at(0))
        #expect(hook.droppedRandomly == 1)
        #expect(hook.dequeue(now: Self.at(49)) == nil)
        #expect(hook.dequeue(now: Self.at(50))?.destination == 2)
    }

    @Test func settingsAreValidated() {
        #expect(throws: LinkTestSettings.Invalid.self) {
            try LinkTestSettings(bitsPerSecond: 100, dropRate: 0, delayMilliseconds: 0, maximumQueueMilliseconds: 300).validated()
        }
        #expect(throws: LinkTestSettings.Invalid.self) {
            try LinkTestSettings(bitsPerSecond: nil, dropRate: 1.5, delayMilliseconds: 0, maximumQueueMilliseconds: 300).validated()
        }
        #expect(throws: LinkTestSettings.Invalid.self) {
            try LinkTestSettings(bitsPerSecond: nil, dropRate: .nan, delayMilliseconds: 0, maximumQueueMilliseconds: 300).validated()
        }
        #expect(LinkTestSettings.passThrough.isPassThrough)
    }
}

@Suite struct ProbePaddingTests {
    @Test func paddingPacketIsPaddingOnlyAndNumbered() throws {
        let packet = ProbePaddingPacket.make(payloadType: 97, sequenceNumber: 0xFFFF, timestamp: 1234, ssrc: 0xCAFE,
                                             transportWideID: 3, transportSequence: 0x0102)
        #expect(packet.count == ProbePaddingPacer.packetSize)
        let view = try RTPHeaderView(parsing: packet)
        #expect(view.hasPadding && view.payloadLength == 0 && view.paddingLength == 255)
        #expect(view.payloadType == 97 && view.sequenceNumber == 0xFFFF && view.ssrc == 0xCAFE)
        var map = RTPHeaderExtensionMap()
        try map.register(id: 3, for: .transportWideSequenceNumber)
        let range = try #require(view.extensionElement(.transportWideSequenceNumber, in: packet, map: map))
        #expect(Array(packet[range]) == [0x01, 0x02])
    }

    @Test func pacerSpreadsTheClusterOverItsDuration() {
        let cluster = ProbeCluster(id: 4, targetBitrate: 2_000_000, duration: .milliseconds(20), minimumPackets: 5,
                                   createdAt: .zero)
        // 20 ms at 2 Mbit/s = 5000 bytes: 19 packets of 275 bytes.
        var pacer = ProbePaddingPacer(cluster: cluster, paddingBytes: 5_000, now: .zero)
        var sent = 0
        var deadlines: [MonotonicTime] = []
        var now = MonotonicTime.zero
        while !pacer.finished {
            sent += pacer.due(now: now)
            if let next = pacer.nextDeadline { deadlines.append(next) }
            now = now + .milliseconds(5)
        }
        #expect(sent == 19)
        #expect(now <= MonotonicTime.zero + .milliseconds(30))
        #expect(deadlines == deadlines.sorted())
        #expect(pacer.due(now: now) == 0)
    }
}

/// When a switch down forwards nothing of the current encoding until the lower key frame
/// (docs/bandwidth-estimation.md "Wiring in the call server").
@Suite struct SwitchDownDropTests {
    static let consumer = ConsumerID(7)
    /// q, h, f with TID 0 at 60, 200 and 480 kbit/s.
    static let requests = [LayerAllocationRequest(consumer: consumer, media: .video(SimulcastLayerTable(encodings: [
        SimulcastEncoding(rid: "q", ssrc: 1, temporalBitrates: [60_000, 90_000, 150_000]),
        SimulcastEncoding(rid: "h", ssrc: 2, temporalBitrates: [200_000, 300_000, 500_000]),
        SimulcastEncoding(rid: "f", ssrc: 3, temporalBitrates: [480_000, 720_000, 1_200_000]),
    ])))]
    static let f = SimulcastLayer(spatial: 2, temporal: 2)

    @Test("f → q under a 255 kbit/s budget (q and audio allocated, 200 kbit/s): f's base layer does not fit, dropped")
    func capDropsTheCurrentEncoding() {
        let change = LayerChange(consumer: Self.consumer, layer: SimulcastLayer(spatial: 0, temporal: 2))
        #expect(RoomWorker.baseLayerOverflows(change, current: Self.f, requests: Self.requests, allocated: 200_000, budget: 255_000))
    }

    @Test("f → h under a 1.6 Mbit/s budget (h and audio allocated, 550 kbit/s): f's base layer fits, kept meanwhile")
    func mildSwitchKeepsTheBaseLayer() {
        let change = LayerChange(consumer: Self.consumer, layer: SimulcastLayer(spatial: 1, temporal: 2))
        #expect(!RoomWorker.baseLayerOverflows(change, current: Self.f, requests: Self.requests, allocated: 550_000, budget: 1_600_000))
    }

    @Test("A switch up, a pause or an unknown consumer never drops")
    func onlySwitchesDown() {
        let up = LayerChange(consumer: Self.consumer, layer: Self.f)
        let pause = LayerChange(consumer: Self.consumer, layer: nil)
        let other = LayerChange(consumer: ConsumerID(8), layer: SimulcastLayer(spatial: 0, temporal: 0))
        let q = SimulcastLayer(spatial: 0, temporal: 2)
        #expect(!RoomWorker.baseLayerOverflows(up, current: q, requests: Self.requests, allocated: 0, budget: 1))
        #expect(!RoomWorker.baseLayerOverflows(pause, current: Self.f, requests: Self.requests, allocated: 0, budget: 1))
        #expect(!RoomWorker.baseLayerOverflows(other, current: Self.f, requests: Self.requests, allocated: 0, budget: 1))
    }
}
