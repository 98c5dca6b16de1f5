import BeepWire

/// One RTCP packet of a datagram (RFC 3550 §6), decoded by packet type and feedback format.
///
/// Feedback formats this module does not model, and unknown packet types, are kept raw so that
/// parsing then serialising reproduces the input.
public enum RTCPPacket: Hashable, Sendable {
    /// Sender report, RFC 3550 §6.4.1.
    case senderReport(SenderReport)
    /// Receiver report, RFC 3550 §6.4.2.
    case receiverReport(ReceiverReport)
    /// Source description, RFC 3550 §6.5.
    case sourceDescription(SourceDescription)
    /// Goodbye, RFC 3550 §6.6.
    case goodbye(Goodbye)
    /// Application-defined, RFC 3550 §6.7.
    case applicationDefined(ApplicationDefined)
    /// RTPFB Generic NACK, RFC 4585 §6.2.1.
    case genericNACK(GenericNACK)
    /// RTPFB transport-wide congestion control feedback,
    /// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.
    case transportWideFeedback(TransportWideFeedback)
    /// PSFB Picture Loss Indication, RFC 4585 §6.3.1.
    case pictureLossIndication(PictureLossIndication)
    /// PSFB Full Intra Request, RFC 5104 §4.3.1.
    case fullIntraRequest(FullIntraRequest)
    /// PSFB application-layer REMB, draft-alvestrand-rmcat-remb-03 §2.2.
    case receiverEstimatedMaxBitrate(ReceiverEstimatedMaxBitrate)
    /// Any other RTPFB or PSFB message, kept raw (RFC 4585 §6.1).
    case feedback(RawFeedback)
    /// Extended report, RFC 3611.
    case extendedReport(ExtendedReport)
    /// A packet type this module does not decode, kept raw.
    case unknown(UnknownRTCPPacket)

    /// The packet type octet of this packet's header.
    public var packetType: UInt8 {
        switch self {
        case .senderReport: RTCPPacketType.senderReport
        case .receiverReport: RTCPPacketType.receiverReport
        case .sourceDescription: RTCPPacketType.sourceDescription
        case .goodbye: RTCPPacketType.goodbye
        case .applicationDefined: RTCPPacketType.applicationDefined
        case .genericNACK, .transportWideFeedback: RTCPPacketType.transportFeedback
        case .pictureLossIndication, .fullIntraRequest, .receiverEstimatedMaxBitrate: RTCPPacketType.payloadFeedback
        case .feedback(let raw): raw.packetType
        case .extendedReport: RTCPPacketType.extendedReport
        case .unknown(let raw): raw.packetType
        }
    }

    /// Serialises this packet alone, as a reduced-size datagram (RFC 5506 §3).
    public func serialize() throws(WireError) -> [UInt8] {
        try RTCPCompound(packets: [self]).serialize()
    }

    /// The 5-bit count / FMT / subtype field of the header (RFC 3550 §6.4.1, RFC 4585 §6.1).
    var headerCount: Int {
        switch self {
        case .senderReport(let packet): packet.reports.count
        case .receiverReport(let packet): packet.reports.count
        case .sourceDescription(let packet): packet.chunks.count
        case .goodbye(let packet): packet.sources.count
        case .applicationDefined(let packet): Int(packet.subtype)
        case .genericNACK: Int(RTCPFeedbackFormat.genericNACK)
        case .transportWideFeedback: Int(RTCPFeedbackFormat.transportWideCC)
        case .pictureLossIndication: Int(RTCPFeedbackFormat.pictureLossIndication)
        case .fullIntraRequest: Int(RTCPFeedbackFormat.fullIntraRequest)
        case .receiverEstimatedMaxBitrate: Int(RTCPFeedbackFormat.applicationLayer)
        case .feedback(let raw): Int(raw.format)
        case .extendedReport: 0
        case .unknown(let raw): Int(raw.count)
        }
    }

    /// Decodes one packet body (header already consumed, padding already removed).
    static func parse(packetType: UInt8, count: UInt8, body: ByteReader) throws(WireError) -> RTCPPacket {
        switch packetType {
        case RTCPPacketType.senderReport:
            return .senderReport(try SenderReport.parse(count: count, body: body))
        case RTCPPacketType.receiverReport:
            return .receiverReport(try ReceiverReport.parse(count: count, body: body))
        case RTCPPacketType.sourceDescription:
            return .sourceDescription(try SourceDescription.parse(count: count, body: body))
        case RTCPPacketType.goodbye:
            return .goodbye(try Goodbye.parse(count: count, body: body))
        case RTCPPacketType.applicationDefined:
            return .applicationDefined(try ApplicationDefined.parse(subtype: count, body: body))
        case RTCPPacketType.transportFeedback, RTCPPacketType.payloadFeedback:
            return try parseFeedback(RawFeedback.parse(packetType: packetType, format: count, body: body))
        case RTCPPacketType.extendedReport:
            return .extendedReport(try ExtendedReport.parse(body: body))
        default:
            return .unknown(UnknownRTCPPacket(packetType: packetType, count: count,
                                              body: Array(body.bytes[body.offset..<body.end])))
        }
    }

    /// Picks the decoded form of a feedback message (RFC 4585 §6.1) by packet type and FMT.
    private static func parseFeedback(_ raw: RawFeedback) throws(WireError) -> RTCPPacket {
        switch (raw.packetType, raw.format) {
        case (RTCPPacketType.transportFeedback, RTCPFeedbackFormat.genericNACK):
            return .genericNACK(try GenericNACK(raw))
        case (RTCPPacketType.transportFeedback, RTCPFeedbackFormat.transportWideCC):
            return .transportWideFeedback(try TransportWideFeedback(raw))
        case (RTCPPacketType.payloadFeedback, RTCPFeedbackFormat.pictureLossIndication) where raw.fci.isEmpty:
            return .pictureLossIndication(PictureLossIndication(senderSSRC: raw.senderSSRC, mediaSSRC: raw.mediaSSRC))
        case (RTCPPacketType.payloadFeedback, RTCPFeedbackFormat.fullIntraRequest):
            return .fullIntraRequest(try FullIntraRequest(raw))
        case (RTCPPacketType.payloadFeedback, RTCPFeedbackFormat.applicationLayer)
            where ReceiverEstimatedMaxBitrate.isREMB(raw.fci):
            return .receiverEstimatedMaxBitrate(try ReceiverEstimatedMaxBitrate(raw))
        default:
            return .feedback(raw)
        }
    }

    /// Writes the body of this packet (everything after the 4-byte common header).
    private func writeBody(into writer: inout ByteWriter) throws(WireError) {
        switch self {
        case .senderReport(let packet): try packet.writeBody(into: &writer)
        case .receiverReport(let packet): try packet.writeBody(into: &writer)
        case .sourceDescription(let packet): try packet.writeBody(into: &writer)
        case .goodbye(let packet): try packet.writeBody(into: &writer)
        case .applicationDefined(let packet): packet.writeBody(into: &writer)
        case .genericNACK(let packet): packet.writeBody(into: &writer)
        case .transportWideFeedback(let packet): try packet.writeBody(into: &writer)
        case .pictureLossIndication(let packet): packet.writeBody(into: &writer)
        case .fullIntraRequest(let packet): packet.writeBody(into: &writer)
        case .receiverEstimatedMaxBitrate(let packet): try packet.writeBody(into: &writer)
        case .feedback(let raw): raw.writeBody(into: &writer)
        case .extendedReport(let packet): try packet.writeBody(into: &writer)
        case .unknown(let raw): writer.write(bytes: raw.body)
        }
    }

    /// True for packets whose body may end in up to three zero octets that the model does not
    /// keep: the alignment after TWCC receive deltas
    /// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) and after a BYE reason
    /// (RFC 3550 §6.6). Their parsers skip such octets, so the writer may put alignment there
    /// and keep the P-bit padding count exactly.
    private var endsWithZeroAlignment: Bool {
        switch self {
        case .transportWideFeedback: true
        case .goodbye(let packet): packet.reason != nil
        default: false
        }
    }

    /// Writes the common header (RFC 3550 §6.4.1), the body, then padding or zero alignment.
    ///
    /// With padding, the count octet is `padding` and the packet is aligned either by zero
    /// octets before the padding (packets whose body ends in skippable alignment, see
    /// ``endsWithZeroAlignment``) or by raising the padding count to the next aligning length.
    func write(into writer: inout ByteWriter, padding: UInt8) throws(WireError) {
        let count = headerCount
        guard (0...31).contains(count) else {
            throw WireError(.tooLarge, "RTCP count field: \(count) does not fit 5 bits (packet type \(packetType))")
        }
        let start = writer.count
        writer.write(UInt8(0))
        writer.write(packetType)
        writer.write(UInt16(0))
        try writeBody(into: &writer)
        let bodyLength = writer.count - start - 4
        var paddingBit: UInt8 = 0
        if padding > 0 {
            var total = Int(padding)
            let shortfall = (4 - (bodyLength + total) % 4) % 4
            if endsWithZeroAlignment {
                // Alignment octets inside the body, the padding count kept as given: this is
                // how a parsed packet stored them, so the datagram parses back equal.
                writer.writeZeros(shortfall)
            } else {
                total += shortfall
                if total > 255 { total -= 4 }
            }
            writer.writeZeros(total - 1)
            writer.write(UInt8(truncatingIfNeeded: total))
            paddingBit = 0x20
        } else {
            writer.writeZeros((4 - bodyLength % 4) % 4)
        }
        let words = (writer.count - start - 4) / 4
        guard let lengthField = UInt16(exactly: words) else {
            throw WireError(.tooLarge, "RTCP length: \(words) words exceed 16 bits")
        }
        writer.patch(0x80 | paddingBit | UInt8(truncatingIfNeeded: count), at: start)
        writer.patch(lengthField, at: start + 2)
    }
}
