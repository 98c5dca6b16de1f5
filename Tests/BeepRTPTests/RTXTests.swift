import BeepRTP
import BeepWire
import Testing

@Suite("RTX retransmission payload format (RFC 4588 §4)")
struct RTXTests {
    let original = RTPPacket(marker: true, payloadType: 96, sequenceNumber: 0xABCD, timestamp: 90_000,
                             ssrc: 0x1111_1111, csrcs: [7],
                             headerExtension: RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 0x55, 0, 0]),
                             payload: [0x90, 0x80, 0x12, 0x34, 0x10, 0x02, 0x00], paddingLength: 4)

    @Test("RFC 4588 §4: RTX packet has the RTX SSRC/PT/seq, same timestamp and the OSN first")
    func wraps() throws {
        let rtx = RTX.wrap(original, rtxSSRC: 0x2222_2222, rtxPayloadType: 97, rtxSequenceNumber: 5)
        #expect(rtx.ssrc == 0x2222_2222)
        #expect(rtx.payloadType == 97)
        #expect(rtx.sequenceNumber == 5)
        #expect(rtx.timestamp == original.timestamp)
        #expect(rtx.marker == original.marker)
        #expect(rtx.csrcs == original.csrcs)
        #expect(rtx.headerExtension == original.headerExtension)
        #expect(rtx.payload == [0xAB, 0xCD] + original.payload)
        #expect(rtx.paddingLength == 0)
    }

    @Test("RFC 4588 §4: unwrap restores the original SSRC, PT, sequence number and payload")
    func unwraps() throws {
        let rtx = RTX.wrap(original, rtxSSRC: 0x2222_2222, rtxPayloadType: 97, rtxSequenceNumber: 5)
        var expected = original
        expected.paddingLength = 0
        #expect(try RTX.unwrap(rtx, originalSSRC: 0x1111_1111, originalPayloadType: 96) == .original(expected))
    }

    @Test("RFC 4588 §4: byte-level wrap and unwrap agree with the packet-level ones")
    func byteLevel() throws {
        let originalBytes = try original.serialized()
        let rtxBytes = try RTX.wrap(bytes: originalBytes, rtxSSRC: 0x2222_2222, rtxPayloadType: 97, rtxSequenceNumber: 0xFFFF)
        let rtx = RTX.wrap(original, rtxSSRC: 0x2222_2222, rtxPayloadType: 97, rtxSequenceNumber: 0xFFFF)
        #expect(rtxBytes == (try rtx.serialized()))
        let view = try RTPHeaderView(parsing: rtxBytes)
        #expect(RTX.originalSequenceNumber(view, in: rtxBytes) == 0xABCD)
        #expect(!RTX.isPaddingOnly(view))
        let restored = try #require(try RTX.unwrap(bytes: rtxBytes, originalSSRC: 0x1111_1111, originalPayloadType: 96))
        var expected = original
        expected.paddingLength = 0
        #expect(restored == (try expected.serialized()))
    }

    @Test("RFC 4588 §4: a padding-only RTX packet (bandwidth probe) is recognised")
    func paddingOnly() throws {
        let probe = RTPPacket(payloadType: 97, sequenceNumber: 9, timestamp: 1, ssrc: 0x2222_2222, paddingLength: 255)
        let bytes = try probe.serialized()
        let view = try RTPHeaderView(parsing: bytes)
        #expect(RTX.isPaddingOnly(view))
        #expect(RTX.originalSequenceNumber(view, in: bytes) == nil)
        #expect(try RTX.unwrap(probe, originalSSRC: 1, originalPayloadType: 96) == .paddingOnly)
        #expect(try RTX.unwrap(bytes: bytes, originalSSRC: 1, originalPayloadType: 96) == nil)
    }

    @Test("RFC 4588 §4: a 1-byte RTX payload cannot hold the OSN")
    func oneBytePayload() throws {
        let broken = RTPPacket(payloadType: 97, sequenceNumber: 9, timestamp: 1, ssrc: 2, payload: [0xAB])
        #expect(throws: WireError.self) { try RTX.unwrap(broken, originalSSRC: 1, originalPayloadType: 96) }
        #expect(throws: WireError.self) {
            try RTX.unwrap(bytes: try broken.serialized(), originalSSRC: 1, originalPayloadType: 96)
        }
    }
}
