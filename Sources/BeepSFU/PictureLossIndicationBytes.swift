import BeepRTCP

/// Serialised PLI (RFC 4585 §6.3.1) for the router's own key frame requests.
enum PictureLossIndicationBytes {
    /// The reduced-size PLI datagram, nil if it cannot be serialised.
    static func make(senderSSRC: UInt32, mediaSSRC: UInt32) -> [UInt8]? {
        let pli = PictureLossIndication(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC)
        return try? RTCPPacket.pictureLossIndication(pli).serialize()
    }
}
