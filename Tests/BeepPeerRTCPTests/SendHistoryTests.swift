import BeepPeer
import BeepRTCP
import BeepWire
import Testing

/// RFC 4585 §6.2.1 NACK answering from the bounded send history.
@Suite("SendHistory (RFC 4585 §6.2.1)")
struct SendHistoryTests {
    static let ssrc: UInt32 = 0x1234_5678

    private func packet(_ sequence: UInt16) -> [UInt8] {
        RTCPStatsFixture.rtpPacket(ssrc: Self.ssrc, sequenceNumber: sequence, timestamp: UInt32(sequence) * 3000,
                                   payload: [UInt8(truncatingIfNeeded: sequence), 0x55])
    }

    private func nack(_ lost: [UInt16], ssrc: UInt32 = ssrc) -> GenericNACK {
        GenericNACK(senderSSRC: 1, mediaSSRC: ssrc, lost: lost)
    }

    @Test("RFC 4585 §6.2.1: PID and BLP hits come back in NACK order, misses skipped")
    func hitsAndMisses() {
        var history = SendHistory(capacity: 64)
        for sequence in UInt16(100)...120 where sequence != 105 { history.record(packet(sequence), now: .zero) }
        let request = nack([101, 103, 105, 119, 140])
        // PID 101 covers 102...117 in its BLP; 119 and 140 need entries of their own.
        #expect(request.entries.count == 3)
        let answered = history.packets(for: request, now: .zero)
        #expect(answered == [packet(101), packet(103), packet(119)])
        #expect(history.packets(for: nack([101], ssrc: 0xDEAD), now: .zero).isEmpty)
    }

    @Test("RFC 4585 §6.2.1: a NACK spanning 65535 → 0 is answered across the wrap")
    func wrap() {
        var history = SendHistory(capacity: 16)
        for sequence: UInt16 in [65533, 65534, 65535, 0, 1, 2] { history.record(packet(sequence), now: .zero) }
        let answered = history.packets(for: nack([65534, 65535, 0, 1]), now: .zero)
        #expect(answered == [packet(65534), packet(65535), packet(0), packet(1)])
    }

    @Test("Eviction by count: a slot reused by a newer packet is a miss for the older one")
    func evictionByCount() {
        var history = SendHistory(capacity: 8)
        #expect(history.capacity == 8)
        for sequence in UInt16(0)..<20 { history.record(packet(sequence), now: .zero) }
        #expect(history.packet(ssrc: Self.ssrc, sequenceNumber: 11, now: .zero) == nil)
        #expect(history.packet(ssrc: Self.ssrc, sequenceNumber: 12, now: .zero) == packet(12))
        #expect(history.packets(for: nack(Array(0..<20)), now: .zero) == (12..<20).map { packet($0) })
    }

    @Test("Eviction by age: packets older than maxAge are not returned")
    func evictionByAge() {
        var history = SendHistory(capacity: 64, maxAge: .milliseconds(500))
        history.record(packet(1), now: .zero)
        history.record(packet(2), now: RTCPStatsFixture.at(milliseconds: 400))
        let now = RTCPStatsFixture.at(milliseconds: 600)
        #expect(history.packets(for: nack([1, 2]), now: now) == [packet(2)])
    }

    @Test("Capacity rounds up to a power of two; garbage is not recorded; sources can be removed")
    func capacityAndBadInput() {
        var history = SendHistory(capacity: 500)
        #expect(history.capacity == 512)
        #expect(SendHistory(capacity: 0).capacity == 1)
        #expect(SendHistory(capacity: Int.max).capacity == 1 << 15)
        let truncated = history.record([0x80, 0x60, 0x00], now: .zero)
        let empty = history.record([], now: .zero)
        #expect(!truncated && !empty)
        history.record(packet(7), now: .zero)
        history.removeSource(Self.ssrc)
        #expect(history.packet(ssrc: Self.ssrc, sequenceNumber: 7, now: .zero) == nil)
    }

    @Test("Duplicate sequence numbers in a NACK are answered once")
    func duplicateRequests() {
        var history = SendHistory()
        history.record(packet(9), now: .zero)
        let request = GenericNACK(senderSSRC: 1, mediaSSRC: Self.ssrc,
                                  entries: [NACKEntry(packetID: 9, lostBitmask: 0), NACKEntry(packetID: 8, lostBitmask: 1)])
        #expect(history.packets(for: request, now: .zero) == [packet(9)])
    }
}
