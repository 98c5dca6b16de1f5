import BeepTestSupport
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
        var first = SeededGenerator(seed: 7)
        var second = SeededGenerator(seed: 7)
        #expect(STUNTransactionID.random(using: &first) == STUNTransactionID.random(using: &second))
    }
}

