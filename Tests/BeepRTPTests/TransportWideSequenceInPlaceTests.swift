import BeepRTP
import Testing

/// `TransportWideSequenceInsertion.set(_:id:in:)`, the forwarding path's in-place numbering:
/// the same bytes as `setting(_:id:in:)`, without a new buffer when the packet has room.
struct TransportWideSequenceInPlaceTests {
    private static let header: [UInt8] = [0x80, 96, 0x12, 0x34, 0, 0, 0x10, 0, 0xCA, 0xFE, 0xBA, 0xBE]
    private static let payload: [UInt8] = [0x10, 0x20, 0x30, 0x40, 0x50]

    /// `bytes` in a buffer with `spare` bytes of capacity past them, and the buffer's address.
    private func roomy(_ bytes: [UInt8], spare: Int = 64) -> (packet: [UInt8], address: UInt) {
        var packet: [UInt8] = []
        packet.reserveCapacity(bytes.count + spare)
        packet.append(contentsOf: bytes)
        return (packet, packet.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) })
    }

    @Test(arguments: [
        header + payload,                                                                   // no extension
        [0x90] + header.dropFirst() + [0xBE, 0xDE, 0, 1, 0x31, 0, 7, 0] + payload,          // element present
        [0x90] + header.dropFirst() + [0xBE, 0xDE, 0, 1, 0x22, 1, 2, 3] + payload,          // block must grow
    ])
    func matchesTheCopyingForm(packet: [UInt8]) throws {
        let expected = try #require(TransportWideSequenceInsertion.setting(0xABCD, id: 3, in: packet))
        var inPlace = packet
        #expect(TransportWideSequenceInsertion.set(0xABCD, id: 3, in: &inPlace))
        #expect(inPlace == expected)
    }

    @Test func rfc8285Section4_2BlockIsInsertedIntoSpareCapacity() throws {
        var (packet, address) = roomy(Self.header + Self.payload)
        #expect(TransportWideSequenceInsertion.set(7, id: 3, in: &packet))
        #expect(packet.count == Self.header.count + 8 + Self.payload.count)
        #expect(packet.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address)
        #expect(Array(packet[12..<20]) == [0xBE, 0xDE, 0, 1, 0x31, 0, 7, 0])
        #expect(packet[0] & 0x10 != 0)
    }

    @Test func presentElementIsOverwrittenInPlace() throws {
        var (packet, address) = roomy([0x90] + Self.header.dropFirst() + [0xBE, 0xDE, 0, 1, 0x31, 0, 7, 0] + Self.payload)
        #expect(TransportWideSequenceInsertion.set(0x0201, id: 3, in: &packet))
        #expect(packet.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address)
        #expect(Array(packet[16..<19]) == [0x31, 0x02, 0x01])
    }

    @Test func refusalsLeaveThePacketUnchanged() {
        let cases: [([UInt8], UInt8)] = [
            ([0x80, 96, 0, 1], 3),            // too short to parse
            (Self.header + Self.payload, 0),  // id 0 is reserved (RFC 8285 §4.2)
            (Self.header + Self.payload, 15), // id 15 does not fit the one-byte form
        ]
        for (original, id) in cases {
            var packet = original
            #expect(!TransportWideSequenceInsertion.set(1, id: id, in: &packet))
            #expect(packet == original)
        }
    }
}
