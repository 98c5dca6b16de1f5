import BeepRTCP
import BeepWire
import Testing

/// Build → parse → equal for RTPFB and PSFB messages (RFC 4585, RFC 5104, REMB).
@Suite struct FeedbackRoundTripTests {
    static let nacks: [GenericNACK] = [
        GenericNACK(senderSSRC: 1, mediaSSRC: 2, entries: []),
        GenericNACK(senderSSRC: 1, mediaSSRC: 2, entries: [NACKEntry(packetID: 100, lostBitmask: 0)]),
        GenericNACK(senderSSRC: .max, mediaSSRC: 0, entries: [NACKEntry(packetID: 65_535, lostBitmask: 0xFFFF),
                                                            NACKEntry(packetID: 17, lostBitmask: 0x8001)]),
        GenericNACK(senderSSRC: 3, mediaSSRC: 4, lost: [10, 11, 12, 40, 65_534]),
    ]

    @Test("Generic NACK round trip (RFC 4585 §6.2.1)", arguments: nacks)
    func genericNACK(_ nack: GenericNACK) throws {
        try expectRoundTrip([.genericNACK(nack)])
    }

    @Test("Generic NACK layout (RFC 4585 §6.2.1: PID then BLP)")
    func nackLayout() throws {
        let bytes = try RTCPPacket.genericNACK(
            GenericNACK(senderSSRC: 0x0000_0001, mediaSSRC: 0x0000_0002,
                        entries: [NACKEntry(packetID: 0x1234, lostBitmask: 0x0005)])).serialize()
        #expect(bytes == hex("81cd0003 00000001 00000002 12340005"))
    }

    static let plis: [PictureLossIndication] = [
        PictureLossIndication(senderSSRC: 1, mediaSSRC: 2),
        PictureLossIndication(senderSSRC: .max, mediaSSRC: .max),
    ]

    @Test("PLI round trip (RFC 4585 §6.3.1)", arguments: plis)
    func pictureLossIndication(_ pli: PictureLossIndication) throws {
        let bytes = try expectRoundTrip([.pictureLossIndication(pli)])
        #expect(bytes.count == 12)
        #expect(Array(bytes.prefix(4)) == hex("81ce0002"))
    }

    static let firs: [FullIntraRequest] = [
        FullIntraRequest(senderSSRC: 1, entries: []),
        FullIntraRequest(senderSSRC: 1, entries: [FIREntry(ssrc: 2, sequenceNumber: 0)]),
        FullIntraRequest(senderSSRC: 9, mediaSSRC: 0, entries: [FIREntry(ssrc: 2, sequenceNumber: 255),
                                                               FIREntry(ssrc: .max, sequenceNumber: 17)]),
    ]

    @Test("FIR round trip (RFC 5104 §4.3.1)", arguments: firs)
    func fullIntraRequest(_ fir: FullIntraRequest) throws {
        try expectRoundTrip([.fullIntraRequest(fir)])
    }

    @Test("FIR layout (RFC 5104 §4.3.1.1: SSRC, seq nr, 24 reserved bits)")
    func firLayout() throws {
        let bytes = try RTCPPacket.fullIntraRequest(
            FullIntraRequest(senderSSRC: 0xA, entries: [FIREntry(ssrc: 0xB, sequenceNumber: 0x7F)])).serialize()
        #expect(bytes == hex("84ce0004 0000000a 00000000 0000000b 7f000000"))
    }

    static let rembs: [ReceiverEstimatedMaxBitrate] = [
        ReceiverEstimatedMaxBitrate(senderSSRC: 1, bitrate: 0, ssrcs: []),
        ReceiverEstimatedMaxBitrate(senderSSRC: 1, bitrate: 300_000, ssrcs: [2]),
        ReceiverEstimatedMaxBitrate(senderSSRC: 1, mediaSSRC: 5, bitrate: .max, ssrcs: [2, 3, 4]),
        ReceiverEstimatedMaxBitrate(senderSSRC: 1, exponent: 0, mantissa: 16, ssrcs: Array(0..<255)),
    ]

    @Test("REMB round trip (draft-alvestrand-rmcat-remb-03 §2.2)", arguments: rembs)
    func remb(_ remb: ReceiverEstimatedMaxBitrate) throws {
        try expectRoundTrip([.receiverEstimatedMaxBitrate(remb)])
    }

    static let rawFeedback: [RawFeedback] = [
        // RTPFB FMT 3: TMMBR (RFC 5104 §4.2.1), not decoded here.
        RawFeedback(packetType: 205, format: 3, senderSSRC: 1, mediaSSRC: 0, fci: [1, 2, 3, 4, 5, 6, 7, 8]),
        // PSFB FMT 2: SLI (RFC 4585 §6.3.2).
        RawFeedback(packetType: 206, format: 2, senderSSRC: 1, mediaSSRC: 2, fci: [0, 0, 0, 1]),
        // PSFB FMT 15 without the REMB identifier: other application-layer feedback.
        RawFeedback(packetType: 206, format: 15, senderSSRC: 1, mediaSSRC: 2, fci: [0x41, 0x42, 0x43, 0x44]),
        // A PLI carrying FCI is not a PLI in the RFC 4585 §6.3.1 sense; it stays raw.
        RawFeedback(packetType: 206, format: 1, senderSSRC: 1, mediaSSRC: 2, fci: [9, 9, 9, 9]),
    ]

    @Test("Other feedback formats are kept raw (RFC 4585 §6.1)", arguments: rawFeedback)
    func raw(_ feedback: RawFeedback) throws {
        try expectRoundTrip([.feedback(feedback)])
    }
}
