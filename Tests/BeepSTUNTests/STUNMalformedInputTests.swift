import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Bad input never traps: every problem surfaces as `WireError` (DESIGN.md rule 4), and the
/// RFC 8489 §5 / §14 structure rules are enforced.
struct STUNMalformedInputTests {
    static let vectors = [
        RFC5769Samples.sampleRequest, RFC5769Samples.sampleIPv4Response,
        RFC5769Samples.sampleIPv6Response, RFC5769Samples.sampleLongTermRequest,
    ]

    @Test("RFC 5769 vectors cut at every length are rejected with WireError")
    func truncations() {
        for vector in Self.vectors {
            for cut in 0..<vector.count {
                #expect(throws: WireError.self) { try STUNMessage.parse(Array(vector.prefix(cut))) }
            }
        }
    }

    @Test("RFC 8489 §5: trailing bytes beyond the length field are rejected")
    func trailingBytes() {
        for vector in Self.vectors {
            #expect(throws: WireError.self) { try STUNMessage.parse(vector + [0, 0, 0, 0]) }
        }
    }

    @Test("RFC 8489 §5: header checks", arguments: [
        ("top bit set", RawSTUN.message(type: 0x8001, attributes: [])),
        ("second bit set", RawSTUN.message(type: 0x4001, attributes: [])),
        ("length not a multiple of 4", RawSTUN.message(attributes: [(0x0024, [0, 0, 0, 1])], length: 6)),
        ("length beyond data", RawSTUN.message(attributes: [(0x0024, [0, 0, 0, 1])], length: 12)),
        ("length short of data", RawSTUN.message(attributes: [(0x0024, [0, 0, 0, 1])], length: 4)),
        ("attribute overruns message", RawSTUN.message(attributes: [(0x0024, [0, 0, 0, 1])]).enumerated().map { $0.offset == 23 ? 0x40 : $0.element }),
    ])
    func headerChecks(name: String, bytes: [UInt8]) {
        #expect(throws: WireError.self, "\(name)") { try STUNMessage.parse(bytes) }
    }

    @Test("RFC 8489 §5: a wrong magic cookie is rejected and fails isSTUN")
    func badCookie() {
        var bytes = RawSTUN.message(attributes: [])
        #expect(STUNMessage.isSTUN(bytes))
        bytes[5] = 0x13
        #expect(!STUNMessage.isSTUN(bytes))
        #expect(throws: WireError.self) { try STUNMessage.parse(bytes) }
    }

    @Test("RFC 8489 §14: malformed known attribute values are rejected", arguments: [
        ("PRIORITY of 3 bytes", UInt16(0x0024), [UInt8](arrayLiteral: 0, 0, 1)),
        ("ICE-CONTROLLED of 4 bytes", 0x8029, [0, 0, 0, 1]),
        ("USE-CANDIDATE with a value", 0x0025, [1]),
        ("XOR-MAPPED-ADDRESS family 3", 0x0020, [0, 3, 0, 1, 1, 2, 3, 4]),
        ("XOR-MAPPED-ADDRESS IPv6 with 4 address bytes", 0x0020, [0, 2, 0, 1, 1, 2, 3, 4]),
        ("MAPPED-ADDRESS too short", 0x0001, [0, 1, 0]),
        ("MESSAGE-INTEGRITY of 19 bytes", 0x0008, [UInt8](repeating: 0, count: 19)),
        ("USERNAME invalid UTF-8", 0x0006, [0x61, 0xFF, 0x62]),
        ("USERNAME of 764 bytes", 0x0006, [UInt8](repeating: 0x61, count: 764)),
        ("REALM of 764 bytes", 0x0014, [UInt8](repeating: 0x61, count: 764)),
        ("NONCE of 764 bytes", 0x0015, [UInt8](repeating: 0x61, count: 764)),
        ("SOFTWARE of 764 bytes", 0x8022, [UInt8](repeating: 0x61, count: 764)),
        ("ALTERNATE-DOMAIN of 256 bytes", 0x8003, [UInt8](repeating: 0x61, count: 256)),
        ("ERROR-CODE reason of 764 bytes", 0x0009, [0, 0, 4, 0] + [UInt8](repeating: 0x61, count: 764)),
        ("UNKNOWN-ATTRIBUTES odd length", 0x000A, [0, 1, 0]),
        ("REQUESTED-ADDRESS-FAMILY 3", 0x0017, [3, 0, 0, 0]),
        ("CHANNEL-NUMBER of 2 bytes", 0x000C, [0x40, 0x00]),
        ("FINGERPRINT of 8 bytes", 0x8028, [0, 0, 0, 0, 0, 0, 0, 0]),
        ("PASSWORD-ALGORITHMS cut parameters", 0x8002, [0, 1, 0, 8, 1, 2]),
        ("USERHASH of 31 bytes", 0x001E, [UInt8](repeating: 0, count: 31)),
    ])
    func badValues(name: String, type: UInt16, value: [UInt8]) {
        let bytes = RawSTUN.message(attributes: [(type, value)])
        #expect(throws: WireError.self, "\(name)") { try STUNMessage.parse(bytes) }
    }

    @Test("RFC 8489 §14.3, §14.14: 763-byte values are accepted when parsing, not sent above 508")
    func limitsAtBoundary() throws {
        let username = try STUNMessage.parse(RawSTUN.message(attributes: [(0x0006, [UInt8](repeating: 0x61, count: 763))]))
        #expect(username.username?.utf8.count == 763)
        let software = try STUNMessage.parse(RawSTUN.message(attributes: [(0x8022, [UInt8](repeating: 0x61, count: 763))]))
        #expect(software.software?.utf8.count == 763)
        #expect(throws: WireError.self) { try username.serialize() }
        let id = STUNTransactionID(high: 1, low: 1)
        for attribute: STUNAttribute in [.username(String(repeating: "u", count: 508)), .nonce(String(repeating: "n", count: 508))] {
            #expect(throws: Never.self) {
                try STUNMessage(method: .binding, messageClass: .request, transactionID: id, attributes: [attribute]).serialize()
            }
        }
    }

    @Test("serializing oversized values throws instead of producing a broken message")
    func oversizedSerialization() {
        let id = STUNTransactionID(high: 9, low: 9)
        let cases: [[STUNAttribute]] = [
            [.username(String(repeating: "u", count: 509))],
            [.realm(String(repeating: "r", count: 509))],
            [.software(String(repeating: "s", count: 509))],
            [.alternateDomain(String(repeating: "d", count: 256))],
            [.data([UInt8](repeating: 0, count: 65536))],
            [.data([UInt8](repeating: 0, count: 40000)), .data([UInt8](repeating: 0, count: 40000))],
            [.userHash([1, 2, 3])],
            [.unknown(type: STUNAttributeType(rawValue: 0xC000), value: [UInt8](repeating: 0, count: 65536))],
            [.passwordAlgorithm(STUNPasswordAlgorithm(algorithm: 1, parameters: [UInt8](repeating: 0, count: 65536)))],
        ]
        for attributes in cases {
            let message = STUNMessage(method: .send, messageClass: .indication, transactionID: id, attributes: attributes)
            #expect(throws: WireError.self) { try message.serialize() }
        }
        let full = STUNMessage(method: .send, messageClass: .indication, transactionID: id,
                               attributes: [.data([UInt8](repeating: 0, count: 0xFFFC - 4))])
        #expect(throws: WireError.self) { try full.serialize(fingerprint: true) }
        #expect((try? full.serialize())?.count == 20 + 0xFFFC)
    }

    @Test("random bytes, bit flips and random attribute soup never trap")
    func fuzzLike() {
        var generator = SeededGenerator(seed: 0x5354_554E)
        var parsedCount = 0
        for round in 0..<6000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:
                let vector = Self.vectors[round % Self.vectors.count]
                bytes = vector
                for _ in 0..<(1 + round % 4) {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
                }
            case 1:
                bytes = (0..<Int(generator.next() % 120)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            default:
                var attributes: [(UInt16, [UInt8])] = []
                for _ in 0..<Int(generator.next() % 6) {
                    let known: [UInt16] = [0x0001, 0x0006, 0x0008, 0x0009, 0x000A, 0x000C, 0x0013, 0x0017,
                                           0x0018, 0x001C, 0x001D, 0x0020, 0x0024, 0x8002, 0x8028, 0x8029]
                    let type = known[Int(generator.next() % UInt64(known.count))]
                    let value = (0..<Int(generator.next() % 40)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                    attributes.append((type, value))
                }
                bytes = RawSTUN.message(attributes: attributes)
            }
            _ = STUNMessage.isSTUN(bytes)
            if let message = try? STUNMessage.parse(bytes) {
                parsedCount += 1
                _ = message.verifyIntegrity(key: RFC5769VectorTests.shortTermKey)
                _ = message.hasValidFingerprint
                _ = message.unknownComprehensionRequiredAttributes
                _ = try? message.serialize(integrity: RFC5769VectorTests.shortTermKey, fingerprint: true)
            }
            _ = try? ChannelData.parse(bytes)
            _ = try? TURNStreamFraming.splitFrames(bytes)
        }
        #expect(parsedCount > 0)
    }
}
