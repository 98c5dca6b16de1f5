import BeepWire

/// A reception report block carried by SR and RR packets (RFC 3550 §6.4.1).
public struct ReportBlock: Hashable, Sendable {
    /// SSRC of the source this block reports on.
    public var ssrc: UInt32
    /// Fraction of packets lost since the previous report, as a fixed-point number with the
    /// binary point at the left edge (loss × 256).
    public var fractionLost: UInt8
    /// Cumulative number of packets lost: a signed 24-bit value on the wire (negative when
    /// duplicates outnumber losses). Values outside `-8_388_608...8_388_607` are clamped when written.
    public var cumulativeLost: Int32
    /// Extended highest sequence number received (cycles in the high 16 bits).
    public var extendedHighestSequence: UInt32
    /// Interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1, §A.8).
    public var jitter: UInt32
    /// Middle 32 bits of the NTP timestamp of the last SR received (LSR), zero if none.
    public var lastSenderReport: UInt32
    /// Delay since that SR in units of 1/65536 s (DLSR).
    public var delaySinceLastSenderReport: UInt32

    /// The size of one block on the wire.
    static let size = 24

    /// A report block with the given fields.
    public init(ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequence: UInt32,
                jitter: UInt32, lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// Reads one 24-byte block (RFC 3550 §6.4.1).
    static func parse(_ reader: inout ByteReader) throws(WireError) -> ReportBlock {
        let ssrc = try reader.readUInt32("report block SSRC")
        let fraction = try reader.readUInt8("report block fraction lost")
        let lostBits = try reader.readUInt24("report block cumulative lost")
        let lost = Int32(bitPattern: lostBits << 8) >> 8
        return ReportBlock(ssrc: ssrc, fractionLost: fraction, cumulativeLost: lost,
                           extendedHighestSequence: try reader.readUInt32("report block extended highest sequence"),
                           jitter: try reader.readUInt32("report block jitter"),
                           lastSenderReport: try reader.readUInt32("report block LSR"),
                           delaySinceLastSenderReport: try reader.readUInt32("report block DLSR"))
    }

    /// Reads `count` consecutive blocks.
    static func parseList(_ reader: inout ByteReader, count: UInt8) throws(WireError) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        blocks.reserveCapacity(Int(count))
        for _ in 0..<count { blocks.append(try parse(&reader)) }
        return blocks
    }

    /// Writes the block, clamping the cumulative loss to 24 signed bits (RFC 3550 §6.4.1).
    func write(into writer: inout ByteWriter) {
        writer.write(ssrc)
        writer.write(fractionLost)
        let clamped = min(max(cumulativeLost, -0x80_0000), 0x7F_FFFF)
        writer.writeUInt24(UInt32(bitPattern: clamped) & 0xFF_FFFF)
        writer.write(extendedHighestSequence)
        writer.write(jitter)
        writer.write(lastSenderReport)
        writer.write(delaySinceLastSenderReport)
    }
}
