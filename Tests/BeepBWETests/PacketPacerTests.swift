import BeepBWE
import BeepWire
import Testing

/// The send-side pacer in virtual time (docs/bandwidth-estimation.md "Pacer";
/// draft-ietf-rmcat-gcc-02 §4).
@Suite("Send-side pacer (draft-ietf-rmcat-gcc-02 §4)")
struct PacketPacerTests {
    static func ms(_ value: Int64) -> MonotonicTime { MonotonicTime(nanoseconds: value * 1_000_000) }

    /// Runs `pacer` in 1 ms steps until it is empty (bounded by `limit`), returning each
    /// packet with the time it left.
    static func drain(_ pacer: inout PacketPacer<Int>, from start: MonotonicTime, limit: Int = 10_000)
        -> [(packet: Int, kind: PacedPacketKind, at: MonotonicTime)] {
        var out: [(Int, PacedPacketKind, MonotonicTime)] = []
        var now = start
        for _ in 0..<limit where pacer.queuedPackets > 0 {
            while let (packet, kind) = pacer.dequeue(now: now) { out.append((packet, kind, now)) }
            now = now + .milliseconds(1)
        }
        return out
    }

    @Test("A key frame's burst at 2.5 × a 240 kbit/s estimate crosses a 300 kbit/s link with a 300 ms buffer without loss; sent at once it loses its tail")
    func keyFrameBurstThroughNarrowLink() {
        let packets = 16, size = 1200  // a 19 kB key frame
        var unpaced = BottleneckLink(capacity: 300_000, maxQueueDelay: .milliseconds(300))
        for _ in 0..<packets { _ = unpaced.transmit(size: size, at: .zero) }
        #expect(unpaced.dropped > 0)

        var pacer = PacketPacer<Int>(targetBitrate: 240_000)
        for index in 0..<packets { pacer.enqueue(index, size: size, kind: .video, now: .zero) }
        let sent = Self.drain(&pacer, from: .zero)
        var link = BottleneckLink(capacity: 300_000, maxQueueDelay: .milliseconds(300))
        for packet in sent { _ = link.transmit(size: size, at: packet.at) }
        #expect(sent.map(\.packet) == Array(0..<packets))
        #expect(link.dropped == 0)
        // Spread at the pacing rate: the burst takes about its size at 600 kbit/s.
        let span = (sent.last?.at ?? .zero) - (sent.first?.at ?? .zero)
        let expected = Duration.milliseconds(Int64((packets - 1) * size * 8 * 1000 / 600_000))
        #expect(span >= expected - .milliseconds(6) && span <= expected + .milliseconds(2))
    }

    @Test("Audio leaves first, then retransmissions, then video, each in order")
    func priorities() {
        var pacer = PacketPacer<Int>(targetBitrate: 1_000_000)
        pacer.enqueue(1, size: 1000, kind: .video, now: .zero)
        pacer.enqueue(2, size: 1000, kind: .video, now: .zero)
        pacer.enqueue(3, size: 1000, kind: .retransmission, now: .zero)
        pacer.enqueue(4, size: 100, kind: .audio, now: .zero)
        pacer.enqueue(5, size: 1000, kind: .retransmission, now: .zero)
        pacer.enqueue(6, size: 100, kind: .audio, now: .zero)
        let sent = Self.drain(&pacer, from: .zero)
        #expect(sent.map(\.packet) == [4, 6, 3, 5, 1, 2])
        #expect(sent.map(\.kind) == [.audio, .audio, .retransmission, .retransmission, .video, .video])
    }

    @Test("Retransmissions beyond half the estimate per second are refused; the budget refills with time")
    func retransmissionBudget() {
        var pacer = PacketPacer<Int>(targetBitrate: 192_000)  // budget 96 kbit/s: ten 1200-byte packets
        let accepted = (0..<25).filter { pacer.enqueue($0, size: 1200, kind: .retransmission, now: .zero) }
        #expect(accepted.count == 10)
        #expect(pacer.refusedRetransmissions == 15)
        // Half a second later half the budget is back.
        let later = (0..<10).filter { pacer.enqueue($0, size: 1200, kind: .retransmission, now: Self.ms(500)) }
        #expect(later.count == 5)
        // Video is never refused.
        let video = pacer.enqueue(99, size: 1200, kind: .video, now: Self.ms(500))
        #expect(video)
    }

    @Test("A queue that would not drain within 500 ms at the pacing rate is sent faster, within 500 ms")
    func queueLimitRaisesRate() {
        var pacer = PacketPacer<Int>(targetBitrate: 100_000)
        #expect(pacer.pacingRate(now: .zero) == 250_000)
        for index in 0..<100 { pacer.enqueue(index, size: 1250, kind: .video, now: .zero) }  // 1 Mbit
        #expect(pacer.pacingRate(now: .zero) == 2_000_000)
        let sent = Self.drain(&pacer, from: .zero)
        #expect(sent.count == 100)
        let span = (sent.last?.at ?? .zero) - (sent.first?.at ?? .zero)
        #expect(span <= .milliseconds(500))
    }

    @Test("Nothing leaves before its time; an idle pacer sends at once; an empty one has no deadline")
    func deadlines() throws {
        var pacer = PacketPacer<Int>(targetBitrate: 400_000)  // 1 Mbit/s pacing: 1000 bytes per 8 ms
        #expect(pacer.nextSendTime() == nil)
        pacer.enqueue(1, size: 1000, kind: .video, now: Self.ms(100))
        pacer.enqueue(2, size: 1000, kind: .video, now: Self.ms(100))
        let first = pacer.dequeue(now: Self.ms(100))
        let tooEarly = pacer.dequeue(now: Self.ms(100))
        #expect(first?.packet == 1)
        #expect(tooEarly == nil)
        let next = try #require(pacer.nextSendTime())
        #expect(next > Self.ms(100) && next <= Self.ms(108))
        let second = pacer.dequeue(now: Self.ms(108))
        #expect(second?.packet == 2)
        #expect(pacer.nextSendTime() == nil && pacer.queuedBytes == 0)
    }
}
