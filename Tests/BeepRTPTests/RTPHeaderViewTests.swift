import BeepRTP
import BeepWire
import Testing

@Suite("RTP header view (RFC 3550 §5.1)")
struct RTPHeaderViewTests {
    @Test("RFC 3550 §5.1: hand-assembled packet with CSRCs, extension and padding")
    func parsesEveryField() throws {
        let bytes = try hex(fullPacketHex)
        let view = try RTPHeaderView(parsing: bytes)
        #expect(view.hasPadding)
        #expect(view.hasExtension)
        #expect(view.csrcCount == 2)
        #expect(view.marker)
        #expect(view.payloadType == 96)
        #expect(view.sequenceNumber == 0xFFFF)
        #expect(view.timestamp == 0x1234_5678)
        #expect(view.ssrc == 0xDEAD_BEEF)
        #expect(view.csrc(at: 0, in: bytes) == 0x0102_0304)
        #expect(view.csrc(at: 1, in: bytes) == 0x0506_0708)
        #expect(view.csrc(at: 2, in: bytes) == nil)
        #expect(view.extensionProfile == 0xBEDE)
        #expect(view.extensionForm == .oneByte)
        #expect(view.extensionRange == 24..<32)
        #expect(view.headerLength == 32)
        #expect(view.payloadRange == 32..<37)
        #expect(view.paddingLength == 3)
        #expect(view.packetLength == bytes.count)
        #expect(Array(bytes[view.payloadRange]) == [1, 2, 3, 4, 5])
    }

    @Test("RFC 8285 §4.2: zero-allocation element lookup skips padding bytes")
    func looksUpExtensionElements() throws {
        let bytes = try hex(fullPacketHex)
        let view = try RTPHeaderView(parsing: bytes)
        let first = try #require(view.extensionElement(id: 1, in: bytes))
        #expect(Array(bytes[first]) == [0xAA, 0xBB])
        let third = try #require(view.extensionElement(id: 3, in: bytes))
        #expect(Array(bytes[third]) == [0xCC])
        #expect(view.extensionElement(id: 2, in: bytes) == nil)
    }

    @Test("RFC 3550 §5.1: parsing an UnsafeRawBufferPointer gives the same view as the array")
    func parsesRawBuffer() throws {
        let bytes = try hex(fullPacketHex)
        let fromArray = try RTPHeaderView(parsing: bytes)
        let fromBuffer = try bytes.withUnsafeBytes { buffer in try RTPHeaderView(parsing: buffer) }
        #expect(fromBuffer == fromArray)
        let lookup = bytes.withUnsafeBytes { buffer in fromArray.extensionElement(id: 3, in: buffer) }
        #expect(lookup == fromArray.extensionElement(id: 3, in: bytes))
    }

    @Test("RFC 3550 §5.1: a slice is parsed with offsets relative to its start")
    func parsesSlice() throws {
        let bytes = try hex("ff ff " + fullPacketHex)
        let view = try RTPHeaderView(parsing: bytes[2...])
        #expect(view.payloadRange == 32..<37)
        #expect(view.sequenceNumber == 0xFFFF)
    }

    @Test("RFC 3550 §5.1: minimal 12-byte header has an empty payload and no extension")
    func minimalHeader() throws {
        let bytes = try hex("80 00 00 01 00 00 00 02 00 00 00 03")
        let view = try RTPHeaderView(parsing: bytes)
        #expect(!view.hasExtension && !view.hasPadding && !view.marker)
        #expect(view.extensionRange.isEmpty)
        #expect(view.extensionForm == nil)
        #expect(view.payloadRange == 12..<12)
        #expect(view.extensionElement(id: 1, in: bytes) == nil)
    }
}

@Suite("RTP in-place header rewrite (RFC 3550 §5.1)")
struct RTPHeaderRewriteTests {
    @Test("RFC 3550 §5.1: rewriting SSRC, sequence number and timestamp keeps everything else")
    func rewritesFields() throws {
        let original = try hex(fullPacketHex)
        var bytes = original
        try RTPHeaderRewrite(ssrc: 0x0A0B_0C0D, sequenceNumber: 7, timestamp: 0xFFFF_FFFF).apply(to: &bytes)
        let view = try RTPHeaderView(parsing: bytes)
        #expect(view.ssrc == 0x0A0B_0C0D)
        #expect(view.sequenceNumber == 7)
        #expect(view.timestamp == 0xFFFF_FFFF)
        #expect(view.marker && view.payloadType == 96)
        #expect(bytes[12...] == original[12...])
        #expect(bytes.count == original.count)
    }

    @Test("RFC 3550 §5.1: payload type and marker rewrite independently")
    func rewritesPayloadTypeAndMarker() throws {
        var bytes = try hex(fullPacketHex)
        try RTPHeaderRewrite(payloadType: 111).apply(to: &bytes)
        var view = try RTPHeaderView(parsing: bytes)
        #expect(view.payloadType == 111 && view.marker)
        try RTPHeaderRewrite(marker: false).apply(to: &bytes)
        view = try RTPHeaderView(parsing: bytes)
        #expect(view.payloadType == 111 && !view.marker)
    }

    @Test("RFC 3550 §A.1: sequence numbers wrap 0xFFFF -> 0x0000 when an SFU offsets them",
          arguments: [(UInt16(0xFFFE), UInt16(1)), (0xFFFF, 1), (0xFFFF, 0x8000), (0, 0xFFFF)])
    func sequenceWrapAround(start: UInt16, offset: UInt16) throws {
        var bytes = try hex(fullPacketHex)
        try RTPHeaderRewrite(sequenceNumber: start).apply(to: &bytes)
        let received = try RTPHeaderView(parsing: bytes).sequenceNumber
        try RTPHeaderRewrite(sequenceNumber: received &+ offset).apply(to: &bytes)
        let forwarded = try RTPHeaderView(parsing: bytes).sequenceNumber
        #expect(forwarded == start &+ offset)
        #expect(SequenceArithmetic.distance(from: start, to: forwarded) == Int(Int16(bitPattern: offset)))
    }

    @Test("RFC 3550 §5.1: rewrite through UnsafeMutableRawBufferPointer (NIO ByteBuffer path)")
    func rewritesRawBuffer() throws {
        var bytes = try hex(fullPacketHex)
        try bytes.withUnsafeMutableBytes { buffer in
            var buffer = buffer
            try RTPHeaderRewrite(ssrc: 1, sequenceNumber: 2, timestamp: 3).apply(to: &buffer)
        }
        let view = try RTPHeaderView(parsing: bytes)
        #expect(view.ssrc == 1 && view.sequenceNumber == 2 && view.timestamp == 3)
    }

    @Test("RFC 3550 §5.1: rewrite refuses short buffers, bad versions and 8-bit payload types")
    func rejectsBadInput() throws {
        var short: [UInt8] = [0x80, 0, 0]
        #expect(throws: WireError.self) { try RTPHeaderRewrite(ssrc: 1).apply(to: &short) }
        var wrongVersion = try hex("40 00 00 01 00 00 00 02 00 00 00 03")
        #expect(throws: WireError.self) { try RTPHeaderRewrite(ssrc: 1).apply(to: &wrongVersion) }
        var packet = try hex(fullPacketHex)
        let before = packet
        #expect(throws: WireError.self) { try RTPHeaderRewrite(ssrc: 9, payloadType: 128).apply(to: &packet) }
        #expect(packet == before)
    }
}
