import BeepRTP
import BeepWire
import Testing

@Suite("Malformed RTP input never traps")
struct MalformedRTPInputTests {
    @Test("RFC 3550 §5.1: every truncation inside the header throws; longer ones never trap")
    func truncatedAtEveryLength() throws {
        let full = try hex(fullPacketHex)
        let headerLength = try RTPHeaderView(parsing: full).headerLength
        for length in 0..<full.count {
            let prefix = Array(full.prefix(length))
            if length < headerLength {
                #expect(throws: WireError.self) { try RTPHeaderView(parsing: prefix) }
                #expect(throws: WireError.self) { try RTPPacket(parsing: prefix) }
            }
            // Past the header the last byte is read as a padding count: valid or not, no trap.
            for entry in RTPFuzzEntryPoints.all {
                if case .invariantViolated(let reason) = entry(prefix) {
                    Issue.record("length \(length): \(reason)")
                }
            }
        }
    }

    @Test("RFC 3550 §5.1: a packet without padding stays valid when truncated inside the payload")
    func truncatedPayloadWithoutPadding() throws {
        let packet = RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, csrcs: [4],
                               headerExtension: RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 1, 0, 0]),
                               payload: [1, 2, 3, 4])
        let full = try packet.serialized()
        for length in 0..<full.count {
            let prefix = Array(full.prefix(length))
            if length < 24 {
                let error = #expect(throws: WireError.self) { try RTPPacket(parsing: prefix) }
                #expect(error?.code == .truncated)
            } else {
                #expect(try RTPPacket(parsing: prefix).payload == Array(packet.payload.prefix(length - 24)))
            }
        }
    }

    @Test("RFC 3550 §5.1: versions 0, 1 and 3 are malformed", arguments: [UInt8(0x00), 0x40, 0xC0])
    func badVersion(first: UInt8) throws {
        let bytes = [first] + Array(try hex(fullPacketHex).dropFirst())
        let error = #expect(throws: WireError.self) { try RTPHeaderView(parsing: bytes) }
        #expect(error?.code == .malformed)
    }

    @Test("RFC 3550 §5.1: padding count zero or larger than the payload is malformed")
    func badPadding() throws {
        let tooLarge = try hex("a0 00 00 01 00 00 00 02 00 00 00 03 01 02 0f")
        let error = #expect(throws: WireError.self) { try RTPHeaderView(parsing: tooLarge) }
        #expect(error?.code == .malformed)
        let zero = try hex("a0 00 00 01 00 00 00 02 00 00 00 03 01 02 00")
        #expect(throws: WireError.self) { try RTPPacket(parsing: zero) }
        let headerOnly = try hex("a0 00 00 01 00 00 00 02 00 00 00 03")
        #expect(throws: WireError.self) { try RTPHeaderView(parsing: headerOnly) }
        // Padding may eat the whole payload: count 3 with 3 bytes after the header.
        let allPadding = try RTPHeaderView(parsing: try hex("a0 00 00 01 00 00 00 02 00 00 00 03 00 00 03"))
        #expect(allPadding.payloadLength == 0)
    }

    @Test("RFC 3550 §5.3.1: extension length beyond the packet is truncated")
    func extensionBeyondPacket() throws {
        let bytes = try hex("90 00 00 01 00 00 00 02 00 00 00 03 be de 00 02 10 01 00 00")
        let error = #expect(throws: WireError.self) { try RTPHeaderView(parsing: bytes) }
        #expect(error?.code == .truncated)
        let headerCut = try hex("90 00 00 01 00 00 00 02 00 00 00 03 be de")
        #expect(throws: WireError.self) { try RTPPacket(parsing: headerCut) }
    }

    @Test("RFC 3550 §5.1: CSRC count beyond the packet is truncated")
    func csrcBeyondPacket() throws {
        let bytes = try hex("8f 00 00 01 00 00 00 02 00 00 00 03 00 00 00 01")
        let error = #expect(throws: WireError.self) { try RTPHeaderView(parsing: bytes) }
        #expect(error?.code == .truncated)
    }

    @Test("Fuzz entry points: deterministic random mutations of valid inputs never violate invariants")
    func randomMutations() throws {
        let seeds: [[UInt8]] = [
            try hex(fullPacketHex),
            try hex("90 6f 00 01 00 00 00 02 00 00 00 03 10 00 00 02 10 02 aa bb 02 00 00 00 f8 ff fe"),
            try hex("90 f0 92 34 07 6b 10 12 00 9d 01 2a 40 01 f0 00"),
            try hex("fb c2 02 01 aa bb cc 00 00"),
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var accepted = 0
        for seed in seeds {
            for _ in 0..<500 {
                var input = seed
                for _ in 0..<(1 + Int(next() % 4)) {
                    let index = Int(next() % UInt64(input.count))
                    input[index] = UInt8(truncatingIfNeeded: next())
                }
                if next() % 4 == 0 { input.removeLast(Int(next() % UInt64(input.count))) }
                for entry in RTPFuzzEntryPoints.all {
                    switch entry(input) {
                    case .invariantViolated(let reason): Issue.record("\(input): \(reason)")
                    case .accepted: accepted += 1
                    case .rejected: break
                    }
                }
            }
        }
        #expect(accepted > 0)
    }
}
