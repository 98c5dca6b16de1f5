import BeepWire

/// An RTCP feedback message (RFC 4585 §6.1) with its Feedback Control Information kept raw.
///
/// Used for every RTPFB/PSFB format this module does not decode, and as the common first step
/// of decoding the ones it does.
public struct RawFeedback: Hashable, Sendable {
    /// 205 (RTPFB) or 206 (PSFB).
    public var packetType: UInt8
    /// The 5-bit FMT field.
    public var format: UInt8
    /// SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// SSRC of the media source.
    public var mediaSSRC: UInt32
    /// Feedback Control Information, raw.
    public var fci: [UInt8]

    /// A feedback message with the given fields.
    public init(packetType: UInt8, format: UInt8, senderSSRC: UInt32, mediaSSRC: UInt32, fci: [UInt8]) {
        self.packetType = packetType
        self.format = format
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.fci = fci
    }

    /// Reads the two SSRCs and keeps the rest as FCI (RFC 4585 §6.1).
    static func parse(packetType: UInt8, format: UInt8, body: ByteReader) throws(WireError) -> RawFeedback {
        var reader = body
        let sender = try reader.readUInt32("feedback SSRC of packet sender")
        let media = try reader.readUInt32("feedback SSRC of media source")
        let fci = Array(reader.bytes[reader.offset..<reader.end])
        return RawFeedback(packetType: packetType, format: format, senderSSRC: sender, mediaSSRC: media, fci: fci)
    }

    /// Writes the SSRCs and the raw FCI.
    func writeBody(into writer: inout ByteWriter) {
        writer.write(senderSSRC)
        writer.write(mediaSSRC)
        writer.write(bytes: fci)
    }
}
