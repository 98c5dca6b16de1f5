/// A padding-only RTP packet on an RTX stream (RFC 4588 §4; RFC 3550 §5.1 padding): what Beep
/// sends to probe a subscriber's path. The receiver counts it in its transport-wide feedback
/// and drops it (no payload), so the picture is untouched.
enum ProbePaddingPacket {
    /// The packet: version 2, padding bit, `payloadType` (the RTX one), `sequenceNumber` of the
    /// RTX stream, `ssrc`, a one-byte-form extension block holding the transport-wide
    /// sequence number under `transportWideID` (1-14), then ``ProbePaddingPacer/paddingPerPacket``
    /// bytes of padding whose last byte is their count.
    static func make(payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
                     transportWideID: UInt8, transportSequence: UInt16) -> [UInt8] {
        let padding = ProbePaddingPacer.paddingPerPacket
        var bytes: [UInt8] = [0xB0, payloadType & 0x7F,
                              UInt8(truncatingIfNeeded: sequenceNumber >> 8), UInt8(truncatingIfNeeded: sequenceNumber)]
        bytes.reserveCapacity(ProbePaddingPacer.packetSize)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: timestamp >> UInt32(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: ssrc >> UInt32(shift))) }
        bytes += [0xBE, 0xDE, 0x00, 0x01, ((transportWideID & 0x0F) << 4) | 0x01,
                  UInt8(truncatingIfNeeded: transportSequence >> 8), UInt8(truncatingIfNeeded: transportSequence), 0x00]
        bytes += repeatElement(0, count: padding - 1)
        bytes.append(UInt8(truncatingIfNeeded: padding))
        return bytes
    }
}
