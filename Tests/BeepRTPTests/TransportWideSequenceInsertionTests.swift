import BeepRTP
import Testing

/// Numbering forwarded packets with the transport-wide sequence number
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) placed per RFC 8285.
struct TransportWideSequenceInsertionTests {
    private static let header: [UInt8] = [0x80, 96, 0x12, 0x34, 0, 0, 0x10, 0, 0xCA, 0xFE, 0xBA, 0xBE]
    private static let payload: [UInt8] = [0x10, 0x20, 0x30, 0x40, 0x50]

    private func sequence(in packet: [UInt8], id: UInt8 = 3) throws -> UInt16? {
        var map = RTPHeaderExtensionMap()
        try map.register(id: id, for: .transportWideSequenceNumber)
        let view = try RTPHeaderView(parsing: packet)
        guard let range = view.extensionElement(.transportWideSequenceNumber, in: packet, map: map), range.count == 2
        else { return nil }
        return UInt16(packet[range.lowerBound]) << 8 | UInt16(packet[range.upperBound - 1])
    }

    @Test func packetWithoutExtensionGetsAOneByteBlock() throws {
        let packet = Self.header + Self.payload
        let result = try #require(TransportWideSequenceInsertion.setting(0xABCD, id: 3, in: packet))
        #expect(result.count == packet.count + 8)
        #expect(try sequence(in: result) == 0xABCD)
        let view = try RTPHeaderView(parsing: result)
        #expect(Array(result[view.payloadRange]) == Self.payload)
        #expect(view.sequenceNumber == 0x1234)
    }

    @Test func elementAlreadyPresentIsOverwrittenWithoutGrowing() throws {
        // One-byte block of one word: id 3, length 2 -> [0x31, hi, lo, 0].
        let packet = [0x90] + Self.header.dropFirst() + [0xBE, 0xDE, 0, 1, 0x31, 0, 7, 0] + Self.payload
        let result = try #require(TransportWideSequenceInsertion.setting(513, id: 3, in: packet))
        #expect(result.count == packet.count)
        #expect(try sequence(in: result) == 513)
    }

    @Test func appendsIntoTrailingPaddingOrGrowsTheBlock() throws {
        // abs-send-time (id 2, 3 bytes) fills one word exactly: the block must grow by one word.
        let full = [0x90] + Self.header.dropFirst() + [0xBE, 0xDE, 0, 1, 0x22, 1, 2, 3] + Self.payload
        let grown = try #require(TransportWideSequenceInsertion.setting(42, id: 3, in: full))
        #expect(grown.count == full.count + 4)
        #expect(try sequence(in: grown) == 42)
        #expect(Array(grown[16...19]) == [0x22, 1, 2, 3])
        #expect(Array(try grown[RTPHeaderView(parsing: grown).payloadRange]) == Self.payload)
        // audio level (id 1, 1 byte) leaves 2 padding bytes in a word: not enough for 3, grows.
        // With two words of which 5 bytes are free, it fits in place.
        let roomy = [0x90] + Self.header.dropFirst() + [0xBE, 0xDE, 0, 2, 0x10, 0x7F, 0, 0, 0, 0, 0, 0] + Self.payload
        let inPlace = try #require(TransportWideSequenceInsertion.setting(7, id: 3, in: roomy))
        #expect(inPlace.count == roomy.count)
        #expect(try sequence(in: inPlace) == 7)
    }

    @Test func twoByteFormAndRefusals() throws {
        let twoByte = [0x90] + Self.header.dropFirst() + [0x10, 0x00, 0, 1, 5, 1, 0xAA, 0] + Self.payload
        let result = try #require(TransportWideSequenceInsertion.setting(9, id: 20, in: twoByte))
        #expect(try sequence(in: result, id: 20) == 9)
        // One-byte form cannot hold id 15+; an ID 15 terminator leaves nothing safe to append after.
        let oneByte = Self.header + Self.payload
        #expect(TransportWideSequenceInsertion.setting(1, id: 15, in: oneByte) == nil)
        let terminated = [0x90] + Self.header.dropFirst() + [0xBE, 0xDE, 0, 1, 0xF0, 0, 0, 0] + Self.payload
        #expect(TransportWideSequenceInsertion.setting(1, id: 3, in: terminated) == nil)
        #expect(TransportWideSequenceInsertion.setting(1, id: 3, in: [0x80, 96]) == nil)
    }
}
