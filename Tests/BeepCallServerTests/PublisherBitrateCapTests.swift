@testable import BeepCallServer
import BeepRTCP
import BeepWire
import Testing

/// The operator's bitrate cap as REMB (draft-alvestrand-rmcat-remb-03 §2.2) to publishers.
@Suite struct PublisherBitrateCapTests {
    private let t0 = MonotonicTime(nanoseconds: 5_000_000_000)

    @Test("a cap is due at once and every second after; its REMB carries the bitrate and the publisher's SSRCs")
    func capScheduleAndPacket() throws {
        var cap = PublisherBitrateCap(senderSSRC: 0x1234)
        #expect(cap.due(now: t0) == nil)
        cap.set(kbps: 300, now: t0)
        #expect(cap.due(now: t0) == 300_000)
        #expect(cap.due(now: t0 + .milliseconds(999)) == nil)
        #expect(cap.due(now: t0 + .seconds(1)) == 300_000)
        let bytes = try #require(cap.remb(bitsPerSecond: 300_000, ssrcs: [11, 22]))
        let compound = try RTCPCompound.parse(bytes)
        guard case .receiverEstimatedMaxBitrate(let remb) = try #require(compound.packets.first) else {
            Issue.record("not a REMB: \(compound.packets)")
            return
        }
        #expect(remb.senderSSRC == 0x1234)
        #expect(remb.ssrcs == [11, 22])
        #expect(remb.bitrate <= 300_000 && remb.bitrate > 299_000)
        #expect(cap.remb(bitsPerSecond: 300_000, ssrcs: []) == nil)
    }

    @Test("lifting the cap sends one release REMB, then nothing")
    func lift() {
        var cap = PublisherBitrateCap(senderSSRC: 1)
        cap.set(kbps: 500, now: t0)
        #expect(cap.due(now: t0) == 500_000)
        cap.set(kbps: nil, now: t0 + .milliseconds(10))
        #expect(cap.due(now: t0 + .milliseconds(10)) == PublisherBitrateCap.uncappedBitsPerSecond)
        #expect(cap.due(now: t0 + .seconds(5)) == nil)
        #expect(cap.bitsPerSecond == nil)
        cap.set(kbps: Int.max, now: t0)
        #expect(cap.bitsPerSecond == 100_000_000, "clamped, never an overflow")
    }
}
