import BeepWire

/// An RTCP sender report (RFC 3550 §6.4.1): sender info, up to 31 report blocks, and any
/// profile-specific extension kept raw.
public struct SenderReport: Hashable, Sendable {
    /// SSRC of the sender.
    public var ssrc: UInt32
    /// Wall-clock time when the report was sent.
    public var ntpTimestamp: NTPTimestamp
    /// The same instant in the RTP timestamp units of the sender's stream.
    public var rtpTimestamp: UInt32
    /// Total RTP data packets sent.
    public var packetCount: UInt32
    /// Total RTP payload octets sent.
    public var octetCount: UInt32
    /// Reception report blocks (at most 31).
    public var reports: [ReportBlock]
    /// Profile-specific extension after the report blocks, raw (RFC 3550 §6.4.1).
    public var profileExtensions: [UInt8]

    /// A sender report with the given fields.
    public init(ssrc: UInt32, ntpTimestamp: NTPTimestamp, rtpTimestamp: UInt32, packetCount: UInt32,
                octetCount: UInt32, reports: [ReportBlock] = [], profileExtensions: [UInt8] = []) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reports = reports
        self.profileExtensions = profileExtensions
    }

    /// Decodes the body of a PT=200 packet whose header announced `count` report blocks.
    static func parse(count: UInt8, body: ByteReader) throws(WireError) -> SenderReport {
        var reader = body
        let ssrc = try reader.readUInt32("SR SSRC")
        let ntp = NTPTimestamp(rawValue: try reader.readUInt64("SR NTP timestamp"))
        let rtp = try reader.readUInt32("SR RTP timestamp")
        let packets = try reader.readUInt32("SR sender's packet count")
        let octets = try reader.readUInt32("SR sender's octet count")
        let reports = try ReportBlock.parseList(&reader, count: count)
        let extensions = Array(reader.bytes[reader.offset..<reader.end])
        return SenderReport(ssrc: ssrc, ntpTimestamp: ntp, rtpTimestamp: rtp, packetCount: packets,
                            octetCount: octets, reports: reports, profileExtensions: extensions)
    }

    /// Writes the body (everything after the common header).
    func writeBody(into writer: inout ByteWriter) throws(WireError) {
        writer.write(ssrc)
        writer.write(ntpTimestamp.rawValue)
        writer.write(rtpTimestamp)
        writer.write(packetCount)
        writer.write(octetCount)
        for block in reports { block.write(into: &writer) }
        writer.write(bytes: profileExtensions)
    }
}
