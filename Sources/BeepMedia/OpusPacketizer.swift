import BeepRTP

/// Puts one Opus packet in each RTP packet (RFC 7587 §4.2): the 48 kHz timestamp advances by
/// the frame's samples whether or not the frame is sent (muted time still passes), and the
/// marker bit flags the first packet of a talkspurt (RFC 3551 §4.1).
public struct OpusPacketizer: Sendable {
    /// The RTP SSRC.
    public let ssrc: UInt32
    /// The negotiated Opus payload type.
    public let payloadType: UInt8
    /// The sequence number of the next packet.
    public private(set) var nextSequenceNumber: UInt16
    /// The RTP timestamp of the next frame.
    public private(set) var nextTimestamp: UInt32
    private var talkspurtStart = true

    /// A packetiser starting at the given (random, RFC 3550 §5.1) sequence number and timestamp.
    public init(ssrc: UInt32, payloadType: UInt8, firstSequenceNumber: UInt16 = 0, firstTimestamp: UInt32 = 0) {
        self.ssrc = ssrc
        self.payloadType = payloadType
        nextSequenceNumber = firstSequenceNumber
        nextTimestamp = firstTimestamp
    }

    /// The RTP packet of one encoded frame of `samples` samples.
    public mutating func packetize(_ opus: [UInt8], samples: Int = OpusAudioEncoder.frameSamples) -> RTPPacket {
        let packet = RTPPacket(marker: talkspurtStart, payloadType: payloadType, sequenceNumber: nextSequenceNumber,
                               timestamp: nextTimestamp, ssrc: ssrc, payload: opus)
        talkspurtStart = false
        nextSequenceNumber &+= 1
        nextTimestamp &+= UInt32(truncatingIfNeeded: samples)
        return packet
    }

    /// A frame of `samples` was not sent (mute): time advances, the next packet starts a talkspurt.
    public mutating func skip(samples: Int = OpusAudioEncoder.frameSamples) {
        nextTimestamp &+= UInt32(truncatingIfNeeded: samples)
        talkspurtStart = true
    }
}
