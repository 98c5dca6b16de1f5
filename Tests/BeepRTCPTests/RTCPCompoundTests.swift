import BeepRTCP
import BeepWire
import Testing

/// Compound and reduced-size datagrams (RFC 3550 §6.1, §A.2; RFC 5506 §3).
@Suite struct RTCPCompoundTests {
    static let senderReport = RTCPPacket.senderReport(
        SenderReport(ssrc: 0x1111_1111, ntpTimestamp: NTPTimestamp(seconds: 3_900_000_000, fraction: 1),
                     rtpTimestamp: 90_000, packetCount: 5, octetCount: 500,
                     reports: [ReportBlock(ssrc: 0x2222_2222, fractionLost: 3, cumulativeLost: 4,
                                           extendedHighestSequence: 5, jitter: 6, lastSenderReport: 7,
                                           delaySinceLastSenderReport: 8)]))
    static let sdes = RTCPPacket.sourceDescription(
        SourceDescription(chunks: [SDESChunk(ssrc: 0x1111_1111, items: [SDESItem(type: .cname, text: "beep-cname")])]))
    static let pli = RTCPPacket.pictureLossIndication(PictureLossIndication(senderSSRC: 1, mediaSSRC: 0x2222_2222))

    /// A hand-assembled compound packet (RFC 3550 §6.1): RR with no blocks, then SDES with a
    /// 1-byte CNAME "x" (SSRC, 01 01 78, null, pad to 8 bytes).
    @Test("Hand-assembled RR + SDES compound (RFC 3550 §6.4.2, §6.5)")
    func handAssembled() throws {
        let bytes = hex("80c90001 0000abcd 81ca0002 0000abcd 01017800")
        let compound = try RTCPCompound.parse(bytes, requireCompound: true)
        #expect(compound.packets == [
            .receiverReport(ReceiverReport(ssrc: 0xABCD)),
            .sourceDescription(SourceDescription(chunks: [SDESChunk(ssrc: 0xABCD,
                                                                    items: [SDESItem(type: .cname, text: "x")])])),
        ])
        #expect(!compound.isReducedSize)
        #expect(try compound.serialize() == bytes)
    }

    static let compounds: [[RTCPPacket]] = [
        [senderReport, sdes],
        [senderReport, sdes, pli],
        [.receiverReport(ReceiverReport(ssrc: 9)), sdes, .goodbye(Goodbye(sources: [0x1111_1111], reasonText: "x"))],
        [pli, pli],
        [.receiverReport(ReceiverReport(ssrc: 9)), .genericNACK(GenericNACK(senderSSRC: 9, mediaSSRC: 1, lost: [1, 3])),
         .receiverEstimatedMaxBitrate(ReceiverEstimatedMaxBitrate(senderSSRC: 9, bitrate: 1_000_000, ssrcs: [1])),
         .extendedReport(ExtendedReport(ssrc: 9, blocks: [.receiverReferenceTime(NTPTimestamp(rawValue: 5))]))],
    ]

    @Test("Compound round trip (RFC 3550 §6.1)", arguments: compounds)
    func compound(_ packets: [RTCPPacket]) throws {
        try expectRoundTrip(packets)
    }

    @Test("Padding on the last packet round-trips (RFC 3550 §6.4.1 P bit)", arguments: [UInt8(4), 8, 12, 252])
    func padding(_ length: UInt8) throws {
        let bytes = try expectRoundTrip([Self.senderReport, Self.sdes], paddingLength: length)
        #expect(bytes.last == length)
        let parsed = try RTCPCompound.parse(bytes)
        #expect(parsed.paddingLength == length)
        // Only the last packet has the P bit.
        #expect(bytes[0] & 0x20 == 0)
    }

    @Test("Unaligned padding request is raised to align the packet")
    func paddingAligned() throws {
        let bytes = try RTCPCompound(packets: [Self.pli], paddingLength: 1).serialize()
        #expect(bytes.count == 16)
        #expect(bytes.last == 4)
        #expect(bytes[0] & 0x20 != 0)
    }

    @Test("Reduced-size RTCP: a lone PLI is accepted (RFC 5506 §3)")
    func reducedSize() throws {
        let bytes = try Self.pli.serialize()
        let compound = try RTCPCompound.parse(bytes)
        #expect(compound.isReducedSize)
        #expect(compound.packets == [Self.pli])
        #expect(throws: WireError.self) { try RTCPCompound.parse(bytes, requireCompound: true) }
    }

    @Test("Packets report their packet type")
    func packetTypes() {
        #expect(Self.senderReport.packetType == 200)
        #expect(Self.sdes.packetType == 202)
        #expect(Self.pli.packetType == 206)
        #expect(RTCPPacket.transportWideFeedback(
            TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0, packetStatusCount: 0,
                                  referenceTime: 0, feedbackPacketCount: 0, chunks: [], receiveDeltas: []))
            .packetType == 205)
    }
}
