import BeepRTP
import BeepWire
import Testing

@Suite("RTP packet value (RFC 3550 §5.1)")
struct RTPPacketTests {
    @Test("RFC 3550 §5.1: hand-assembled packet parses to its fields and serialises byte-exact")
    func roundTripsHandAssembled() throws {
        let bytes = try hex(fullPacketHex)
        let packet = try RTPPacket(parsing: bytes)
        #expect(packet.marker)
        #expect(packet.payloadType == 96)
        #expect(packet.sequenceNumber == 0xFFFF)
        #expect(packet.timestamp == 0x1234_5678)
        #expect(packet.ssrc == 0xDEAD_BEEF)
        #expect(packet.csrcs == [0x0102_0304, 0x0506_0708])
        #expect(packet.headerExtension == RTPHeaderExtension(profile: 0xBEDE, data: [0x11, 0xAA, 0xBB, 0, 0x30, 0xCC, 0, 0]))
        #expect(packet.payload == [1, 2, 3, 4, 5])
        #expect(packet.paddingLength == 3)
        #expect(packet.serializedLength == bytes.count)
        #expect(try packet.serialized() == bytes)
    }

    @Test("RFC 8285 §4.3: packet with a two-byte extension (id 16, and an empty id 2) round-trips")
    func roundTripsTwoByteExtension() throws {
        // V=2 X=1, PT 111, seq 1, ts 2, SSRC 3; profile 0x1000, 2 words:
        // id 16 len 2 = aa bb, id 2 len 0, two padding bytes; payload f8 ff fe (Opus).
        let bytes = try hex("90 6f 00 01 00 00 00 02 00 00 00 03 10 00 00 02 10 02 aa bb 02 00 00 00 f8 ff fe")
        let packet = try RTPPacket(parsing: bytes)
        let elements = try #require(packet.headerExtension).elements()
        #expect(elements == [RTPHeaderExtensionElement(id: 16, data: [0xAA, 0xBB]),
                             RTPHeaderExtensionElement(id: 2, data: [])])
        #expect(packet.payload == [0xF8, 0xFF, 0xFE])
        #expect(try packet.serialized() == bytes)
    }

    @Test("RFC 3550 §5.1: build -> parse -> equal for every combination of optional parts",
          arguments: [false, true], [0, 1, 15])
    func buildParseEqual(withExtension: Bool, csrcCount: Int) throws {
        for padding in [0, 1, 4, 255] {
            let packet = RTPPacket(
                marker: padding % 2 == 0, payloadType: 100, sequenceNumber: UInt16(truncatingIfNeeded: padding * 997),
                timestamp: 0xFFFF_FFF0, ssrc: 42, csrcs: (0..<csrcCount).map { UInt32($0) &* 0x0101_0101 },
                headerExtension: withExtension
                    ? try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 5, data: [1, 2, 3])]) : nil,
                payload: Array(0..<UInt8(20)), paddingLength: padding)
            let bytes = try packet.serialized()
            #expect(bytes.count == packet.serializedLength)
            #expect(try RTPPacket(parsing: bytes) == packet)
        }
    }

    @Test("RFC 3550 §5.1: serialising rejects fields the header cannot carry")
    func serializeRejectsInvalidFields() {
        let base = RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 1, ssrc: 1)
        var packet = base
        packet.payloadType = 128
        #expect(throws: WireError.self) { try packet.serialized() }
        packet = base
        packet.csrcs = Array(repeating: 1, count: 16)
        #expect(throws: WireError.self) { try packet.serialized() }
        packet = base
        packet.paddingLength = 256
        #expect(throws: WireError.self) { try packet.serialized() }
        packet = base
        packet.headerExtension = RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 1, 0])
        #expect(throws: WireError.self) { try packet.serialized() }
    }
}
