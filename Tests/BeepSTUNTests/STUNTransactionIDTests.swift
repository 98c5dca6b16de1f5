import BeepSTUN
import BeepWire
import Testing

/// RFC 8489 §5: the 96-bit transaction ID.
struct STUNTransactionIDTests {
    @Test("RFC 8489 §5: 12 bytes round trip through the ID; other counts throw")
    func bytes() throws {
        let bytes: [UInt8] = [0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae]
        let id = try STUNTransactionID(bytes: bytes)
        #expect(id.bytes == bytes)
        #expect(id.description == "b7e7a701bc34d686fa87dfae")
        #expect(throws: WireError.self) { try STUNTransactionID(bytes: bytes.dropLast()) }
        #expect(throws: WireError.self) { try STUNTransactionID(bytes: bytes + [0]) }
    }

    @Test("random IDs differ and a seeded generator repeats")
    func random() {
        #expect(STUNTransactionID.random() != STUNTransactionID.random())
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        #expect(STUNTransactionID.random(using: &first) == STUNTransactionID.random(using: &second))
    }
}

/// A small deterministic generator for tests (SplitMix64, Steele et al. 2014).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
