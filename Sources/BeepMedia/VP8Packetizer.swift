import BeepRTP
import BeepWire

/// Cuts VP8 frames into RTP packets (RFC 7741 §4): every payload starts with a VP8 payload
/// descriptor carrying a 15-bit PictureID that counts frames (§4.2); the first packet of a
/// frame has S = 1 and PID = 0; the last has the RTP marker bit (§4.1). Packets stay within
/// `maxPayloadSize` bytes of payload (descriptor included).
public struct VP8Packetizer: Sendable {
    /// The RTP SSRC.
    public let ssrc: UInt32
    /// The negotiated VP8 payload type.
    public let payloadType: UInt8
    /// The largest RTP payload, descriptor included.
    public let maxPayloadSize: Int
    /// The sequence number of the next packet.
    public private(set) var nextSequenceNumber: UInt16
    /// The PictureID of the next frame (15 bits).
    public private(set) var nextPictureID: UInt16

    /// A packetiser; `firstSequenceNumber` and `firstPictureID` should be random (RFC 3550 §5.1).
    public init(ssrc: UInt32, payloadType: UInt8, maxPayloadSize: Int = 1100, firstSequenceNumber: UInt16 = 0,
                firstPictureID: UInt16 = 0) {
        self.ssrc = ssrc
        self.payloadType = payloadType
        self.maxPayloadSize = max(maxPayloadSize, 16)
        nextSequenceNumber = firstSequenceNumber
        nextPictureID = firstPictureID & 0x7FFF
    }

    /// The RTP packets of one frame with the 90 kHz `timestamp` (RFC 7741 §4.1).
    public mutating func packetize(_ frame: EncodedVideoFrame, timestamp: UInt32) throws(MediaError) -> [RTPPacket] {
        guard !frame.bytes.isEmpty else { throw MediaError(.packetize, "empty VP8 frame") }
        let pictureID = nextPictureID
        nextPictureID = (nextPictureID &+ 1) & 0x7FFF
        let headerSize = VP8PayloadDescriptor(pictureID: .long(pictureID)).bytes.count
        let chunkSize = maxPayloadSize - headerSize
        var packets: [RTPPacket] = []
        var offset = 0
        while offset < frame.bytes.count {
            let end = min(frame.bytes.count, offset + chunkSize)
            let descriptor = VP8PayloadDescriptor(nonReference: false, startOfPartition: offset == 0, partitionIndex: 0,
                                                  pictureID: .long(pictureID))
            packets.append(RTPPacket(marker: end == frame.bytes.count, payloadType: payloadType,
                                     sequenceNumber: nextSequenceNumber, timestamp: timestamp, ssrc: ssrc,
                                     payload: descriptor.bytes + frame.bytes[offset..<end]))
            nextSequenceNumber &+= 1
            offset = end
        }
        return packets
    }
}
