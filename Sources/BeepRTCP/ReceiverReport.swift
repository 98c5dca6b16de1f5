import BeepWire

/// An RTCP receiver report (RFC 3550 §6.4.2): the reporter's SSRC, up to 31 report blocks, and
/// any profile-specific extension kept raw.
public struct ReceiverReport: Hashable, Sendable {
    /// SSRC of the packet sender (the receiver writing the report).
    public var ssrc: UInt32
    /// Reception report blocks (at most 31).
    public var reports: [ReportBlock]
    /// Profile-specific extension after the report blocks, raw.
    public var profileExtensions: [UInt8]

    /// A receiver report with the given fields.
    public init(ssrc: UInt32, reports: [ReportBlock] = [], profileExtensions: [UInt8] = []) {
        self.ssrc = ssrc
        self.reports = reports
        self.profileExtensions = profileExtensions
    }

    /// Decodes the body of a PT=201 packet whose header announced `count` report blocks.
    static func parse(count: UInt8, body: ByteReader) throws(WireError) -> ReceiverReport {
        var reader = body
        let ssrc = try reader.readUInt32("RR SSRC")
        let reports = try ReportBlock.parseList(&reader, count: count)
        return ReceiverReport(ssrc: ssrc, reports: reports,
                              profileExtensions: Array(reader.bytes[reader.offset..<reader.end]))
    }

    /// Writes the body (everything after the common header).
    func writeBody(into writer: inout ByteWriter) throws(WireError) {
        writer.write(ssrc)
        for block in reports { block.write(into: &writer) }
        writer.write(bytes: profileExtensions)
    }
}
