import BeepTestSupport
import BeepRTCP
import Testing

/// Building minimal NACK lists from lost sequence numbers, and expanding them back
/// (RFC 4585 §6.2.1).
@Suite struct GenericNACKListTests {
    @Test("Entries across the 65535 → 0 wrap (RFC 4585 §6.2.1)")
    func acrossWrap() {
        let entries = NACKEntry.entries(forLost: [0, 65_530, 1, 65_535, 5])
        // 65535 is PID+5 (bit 4), 0 is PID+6 (bit 5), 1 is PID+7 (bit 6), 5 is PID+11 (bit 10).
        #expect(entries == [NACKEntry(packetID: 65_530, lostBitmask: 0b0000_0100_0111_0000)])
        #expect(entries.first?.sequenceNumbers == [65_530, 65_535, 0, 1, 5])
    }

    @Test("A run of 18 starting at 65535 needs two entries")
    func runAcrossWrap() {
        let lost = (0..<18).map { UInt16(65_535) &+ UInt16($0) }
        let entries = NACKEntry.entries(forLost: lost)
        #expect(entries == [NACKEntry(packetID: 65_535, lostBitmask: 0xFFFF), NACKEntry(packetID: 16, lostBitmask: 0)])
        #expect(GenericNACK(senderSSRC: 0, mediaSSRC: 0, entries: entries).lostSequenceNumbers == lost)
    }

    @Test("Duplicates collapse; an empty set gives no entries")
    func duplicatesAndEmpty() {
        #expect(NACKEntry.entries(forLost: [7, 7, 7]) == [NACKEntry(packetID: 7, lostBitmask: 0)])
        #expect(NACKEntry.entries(forLost: [UInt16]()).isEmpty)
    }

    @Test("Numbers 17 apart cannot share an entry; 16 apart can")
    func windowEdge() {
        #expect(NACKEntry.entries(forLost: [100, 116]) == [NACKEntry(packetID: 100, lostBitmask: 0x8000)])
        #expect(NACKEntry.entries(forLost: [100, 117]).count == 2)
    }

    @Test("Randomized: expansion equals the lost set and every PID is the first uncovered number",
          arguments: [UInt64(1), 2, 3, 0xBEEF])
    func randomized(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let start = UInt16.random(in: .min ... .max, using: &generator)
            let span = Int.random(in: 1...300, using: &generator)
            let count = Int.random(in: 1...60, using: &generator)
            let lost = Set((0..<count).map { _ in start &+ UInt16(Int.random(in: 0..<span, using: &generator)) })
            let entries = NACKEntry.entries(forLost: lost)
            let expanded = entries.flatMap(\.sequenceNumbers)
            #expect(Set(expanded) == lost)
            #expect(expanded.count == lost.count, "no number reported twice")
            // Minimality of the greedy cover: each next PID lies beyond the previous window.
            for (previous, next) in zip(entries, entries.dropFirst()) {
                #expect(next.packetID &- previous.packetID > 16)
            }
        }
    }
}
