import BeepWire

/// A PSFB Picture Loss Indication (RFC 4585 §6.3.1): no FCI, just the two SSRCs.
public struct PictureLossIndication: Hashable, Sendable {
    /// SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// SSRC of the media source that should send a new key frame.
    public var mediaSSRC: UInt32

    /// A PLI from `senderSSRC` about `mediaSSRC`.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
    }

    /// Writes the two SSRCs.
    func writeBody(into writer: inout ByteWriter) {
        writer.write(senderSSRC)
        writer.write(mediaSSRC)
    }
}
