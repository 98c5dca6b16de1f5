import BeepRTCP
import BeepWire
import Testing

/// Build → parse → equal for the RFC 3550 packet types (SR, RR, SDES, BYE, APP) and XR.
@Suite struct ReportPacketRoundTripTests {
    static let blocks: [ReportBlock] = [
        ReportBlock(ssrc: 0x1122_3344, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0x0001_FFFF,
                    jitter: 12, lastSenderReport: 0xAABB_CCDD, delaySinceLastSenderReport: 65_536),
        ReportBlock(ssrc: 0xFFFF_FFFF, fractionLost: 255, cumulativeLost: 0x7F_FFFF, extendedHighestSequence: .max,
                    jitter: .max, lastSenderReport: 0, delaySinceLastSenderReport: 0),
        ReportBlock(ssrc: 7, fractionLost: 26, cumulativeLost: -0x80_0000, extendedHighestSequence: 3,
                    jitter: 0, lastSenderReport: 1, delaySinceLastSenderReport: 2),
        ReportBlock(ssrc: 8, fractionLost: 1, cumulativeLost: -1, extendedHighestSequence: 65_536,
                    jitter: 90, lastSenderReport: 3, delaySinceLastSenderReport: 4),
    ]

    static let senderReports: [SenderReport] = [
        SenderReport(ssrc: 0xDEAD_BEEF, ntpTimestamp: NTPTimestamp(seconds: 3_900_000_000, fraction: 0x8000_0000),
                     rtpTimestamp: 123_456, packetCount: 10, octetCount: 1_000),
        SenderReport(ssrc: 1, ntpTimestamp: NTPTimestamp(rawValue: .max), rtpTimestamp: .max, packetCount: .max,
                     octetCount: .max, reports: Array(blocks.prefix(2))),
        SenderReport(ssrc: 2, ntpTimestamp: NTPTimestamp(rawValue: 0), rtpTimestamp: 0, packetCount: 0, octetCount: 0,
                     reports: blocks, profileExtensions: [1, 2, 3, 4, 5, 6, 7, 8]),
        SenderReport(ssrc: 3, ntpTimestamp: NTPTimestamp(rawValue: 42), rtpTimestamp: 9, packetCount: 1, octetCount: 2,
                     reports: Array(repeating: blocks[0], count: 31)),
    ]

    @Test("SR round trip (RFC 3550 §6.4.1)", arguments: senderReports)
    func senderReport(_ report: SenderReport) throws {
        try expectRoundTrip([.senderReport(report)])
    }

    static let receiverReports: [ReceiverReport] = [
        ReceiverReport(ssrc: 1),
        ReceiverReport(ssrc: 0xCAFE_BABE, reports: [blocks[0]]),
        ReceiverReport(ssrc: 5, reports: blocks),
        ReceiverReport(ssrc: 6, reports: [blocks[3]], profileExtensions: [0xAA, 0xBB, 0xCC, 0xDD]),
    ]

    @Test("RR round trip (RFC 3550 §6.4.2)", arguments: receiverReports)
    func receiverReport(_ report: ReceiverReport) throws {
        try expectRoundTrip([.receiverReport(report)])
    }

    @Test("Report block: cumulative lost is a signed 24-bit field (RFC 3550 §6.4.1)",
          arguments: [(Int32(-1), "ffffff"), (Int32(-0x80_0000), "800000"), (Int32(0x7F_FFFF), "7fffff"),
                      (Int32(5), "000005")])
    func cumulativeLostEncoding(_ lost: Int32, _ wireHex: String) throws {
        let block = ReportBlock(ssrc: 0, fractionLost: 0, cumulativeLost: lost, extendedHighestSequence: 0,
                                jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        let bytes = try RTCPPacket.receiverReport(ReceiverReport(ssrc: 0, reports: [block])).serialize()
        // header (4) + SSRC (4) + block SSRC (4) + fraction (1) = offset 13
        #expect(Array(bytes[13..<16]) == hex(wireHex))
        #expect(try RTCPCompound.parse(bytes).packets == [.receiverReport(ReceiverReport(ssrc: 0, reports: [block]))])
    }

    @Test("Report block: out-of-range cumulative loss is clamped (RFC 3550 §6.4.1)")
    func cumulativeLostClamped() throws {
        let block = ReportBlock(ssrc: 0, fractionLost: 0, cumulativeLost: .max, extendedHighestSequence: 0,
                                jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        let bytes = try RTCPPacket.receiverReport(ReceiverReport(ssrc: 0, reports: [block])).serialize()
        guard case .receiverReport(let parsed)? = try RTCPCompound.parse(bytes).packets.first else {
            Issue.record("expected RR")
            return
        }
        #expect(parsed.reports.first?.cumulativeLost == 0x7F_FFFF)
    }

    static let descriptions: [SourceDescription] = [
        SourceDescription(chunks: []),
        SourceDescription(chunks: [SDESChunk(ssrc: 1, items: [])]),
        SourceDescription(chunks: [SDESChunk(ssrc: 0x1234_5678, items: [SDESItem(type: .cname, text: "abc")])]),
        SourceDescription(chunks: [SDESChunk(ssrc: 2, items: [SDESItem(type: .cname, text: "abcd")])]),
        SourceDescription(chunks: [
            SDESChunk(ssrc: 3, items: [SDESItem(type: .cname, text: "x"), SDESItem(type: .tool, text: "Beep 1.0"),
                                       SDESItem(type: .note, text: ""), SDESItem(type: .privateExtension,
                                                                                 value: [3, 0x61, 0x62, 0x63, 0xFF])]),
            SDESChunk(ssrc: 4, items: [SDESItem(type: .name, text: String(repeating: "n", count: 255))]),
            SDESChunk(ssrc: 5, items: [SDESItem(type: SDESItemType(rawValue: 42), value: [0, 1, 2])]),
        ]),
    ]

    @Test("SDES round trip (RFC 3550 §6.5)", arguments: descriptions)
    func sourceDescription(_ description: SourceDescription) throws {
        try expectRoundTrip([.sourceDescription(description)])
    }

    @Test("SDES chunk: null terminator then padding to 32 bits (RFC 3550 §6.5)")
    func sdesPadding() throws {
        // SSRC, CNAME "abc" (2 + 3 bytes), null → 4 + 6 = 10 → padded to 12.
        let bytes = try RTCPPacket.sourceDescription(
            SourceDescription(chunks: [SDESChunk(ssrc: 0x0102_0304, items: [SDESItem(type: .cname, text: "abc")])]))
            .serialize()
        #expect(bytes == hex("81ca0003 01020304 01036162 63000000"))
        // A CNAME of 2 bytes ends exactly on a word: a full word of nulls must follow.
        let aligned = try RTCPPacket.sourceDescription(
            SourceDescription(chunks: [SDESChunk(ssrc: 1, items: [SDESItem(type: .cname, text: "ab")])])).serialize()
        #expect(aligned == hex("81ca0003 00000001 01026162 00000000"))
        #expect(SDESChunk(ssrc: 1, items: [SDESItem(type: .cname, text: "ab")]).cname == "ab")
    }

    static let goodbyes: [Goodbye] = [
        Goodbye(sources: []),
        Goodbye(sources: [0x0102_0304]),
        Goodbye(sources: [1, 2, 3], reasonText: "bye"),
        Goodbye(sources: [9], reasonText: ""),
        Goodbye(sources: Array(0..<31), reasonText: String(repeating: "r", count: 255)),
    ]

    @Test("BYE round trip (RFC 3550 §6.6)", arguments: goodbyes)
    func goodbye(_ bye: Goodbye) throws {
        try expectRoundTrip([.goodbye(bye)])
    }

    static let applications: [ApplicationDefined] = [
        ApplicationDefined(subtype: 0, ssrc: 1, name: 0x4245_4550, data: []),
        ApplicationDefined(subtype: 31, ssrc: .max, name: 0x7465_7374, data: [1, 2, 3, 4, 5, 6, 7, 8]),
    ]

    @Test("APP round trip (RFC 3550 §6.7)", arguments: applications)
    func application(_ app: ApplicationDefined) throws {
        try expectRoundTrip([.applicationDefined(app)])
    }

    static let extendedReports: [ExtendedReport] = [
        ExtendedReport(ssrc: 1, blocks: []),
        ExtendedReport(ssrc: 2, blocks: [.receiverReferenceTime(NTPTimestamp(seconds: 3_900_000_001, fraction: 7))]),
        ExtendedReport(ssrc: 3, blocks: [.dlrr([DLRRSubBlock(ssrc: 4, lastReceiverReport: 5,
                                                             delaySinceLastReceiverReport: 6)])]),
        ExtendedReport(ssrc: 4, blocks: [
            .dlrr([]),
            .dlrr([DLRRSubBlock(ssrc: 1, lastReceiverReport: 2, delaySinceLastReceiverReport: 3),
                   DLRRSubBlock(ssrc: .max, lastReceiverReport: .max, delaySinceLastReceiverReport: .max)]),
            .raw(RawExtendedReportBlock(blockType: 42, typeSpecific: 0xA5, content: [1, 2, 3, 4])),
            .raw(RawExtendedReportBlock(blockType: 1, typeSpecific: 0, content: [])),
            .receiverReferenceTime(NTPTimestamp(rawValue: 0)),
        ]),
    ]

    @Test("XR round trip (RFC 3611 §4.4 RRT, §4.5 DLRR, other blocks raw)", arguments: extendedReports)
    func extendedReport(_ report: ExtendedReport) throws {
        try expectRoundTrip([.extendedReport(report)])
    }

    @Test("XR RRT block layout (RFC 3611 §4.4)")
    func rrtLayout() throws {
        let bytes = try RTCPPacket.extendedReport(
            ExtendedReport(ssrc: 0x0A0B_0C0D,
                           blocks: [.receiverReferenceTime(NTPTimestamp(seconds: 0x1122_3344, fraction: 0x5566_7788))]))
            .serialize()
        #expect(bytes == hex("80cf0004 0a0b0c0d 04000002 11223344 55667788"))
    }

    static let unknowns: [UnknownRTCPPacket] = [
        UnknownRTCPPacket(packetType: 195, count: 3, body: []),
        UnknownRTCPPacket(packetType: 208, count: 31, body: [9, 8, 7, 6, 5, 4, 3, 2]),
        UnknownRTCPPacket(packetType: 222, count: 0, body: [0, 0, 0, 1]),
    ]

    @Test("Unknown packet types are kept raw", arguments: unknowns)
    func unknown(_ packet: UnknownRTCPPacket) throws {
        try expectRoundTrip([.unknown(packet)])
    }
}
