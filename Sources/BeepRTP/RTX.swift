import BeepWire

/// The retransmission payload format (RFC 4588 §4): an RTX packet carries a lost packet on a
/// separate stream, with its own SSRC, payload type and sequence number, and the original
/// sequence number (OSN) in the first two payload bytes. Timestamp, marker, CSRCs and the
/// header extension are the original's. An RTX packet with no payload (only padding) is a
/// bandwidth probe and carries nothing to restore.
public enum RTX {
    /// The result of unwrapping an RTX packet.
    public enum Unwrapped: Sendable, Hashable {
        /// The restored original packet.
        case original(RTPPacket)
        /// A padding-only RTX packet (RFC 4588 §4 payload empty): nothing to restore.
        case paddingOnly
    }

    /// Length of the original sequence number field (RFC 4588 §4).
    public static let originalSequenceNumberLength = 2

    /// Wraps `original` into an RTX packet with the RTX stream's SSRC, payload type and next
    /// sequence number (RFC 4588 §4). The original's padding is not carried.
    public static func wrap(_ original: RTPPacket, rtxSSRC: UInt32, rtxPayloadType: UInt8,
                            rtxSequenceNumber: UInt16) -> RTPPacket {
        var packet = original
        packet.ssrc = rtxSSRC
        packet.payloadType = rtxPayloadType
        packet.sequenceNumber = rtxSequenceNumber
        packet.paddingLength = 0
        packet.payload = [UInt8(truncatingIfNeeded: original.sequenceNumber >> 8),
                          UInt8(truncatingIfNeeded: original.sequenceNumber)] + original.payload
        return packet
    }

    /// Restores the original packet from an RTX packet (RFC 4588 §4), given the original
    /// stream's SSRC and payload type (from the `a=ssrc-group:FID` and `apt=` mapping).
    /// The RTX packet's own padding is dropped. Throws ``WireError`` `.malformed` when the
    /// payload is a single byte (too short for the OSN).
    public static func unwrap(_ rtx: RTPPacket, originalSSRC: UInt32,
                              originalPayloadType: UInt8) throws(WireError) -> Unwrapped {
        if rtx.payload.isEmpty { return .paddingOnly }
        guard rtx.payload.count >= originalSequenceNumberLength else {
            throw WireError(.malformed, "RTX payload: \(rtx.payload.count) byte, too short for the OSN")
        }
        var packet = rtx
        packet.ssrc = originalSSRC
        packet.payloadType = originalPayloadType
        packet.sequenceNumber = UInt16(rtx.payload[0]) << 8 | UInt16(rtx.payload[1])
        packet.payload = Array(rtx.payload.dropFirst(originalSequenceNumberLength))
        packet.paddingLength = 0
        return .original(packet)
    }

    /// True when the RTX packet described by `view` carries only padding.
    @inlinable
    public static func isPaddingOnly(_ view: RTPHeaderView) -> Bool { view.payloadLength == 0 }

    /// The original sequence number of the RTX packet in `bytes` described by `view`, without
    /// allocating; nil for a padding-only or too-short payload.
    @inlinable
    public static func originalSequenceNumber<Bytes: RandomAccessCollection>(
        _ view: RTPHeaderView, in bytes: Bytes
    ) -> UInt16? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard view.payloadLength >= originalSequenceNumberLength,
              view.payloadRange.upperBound <= bytes.count else { return nil }
        return ByteAccess.uint16(bytes, view.payloadRange.lowerBound)
    }

    /// Wraps the serialized RTP packet `bytes` into a serialized RTX packet with one
    /// allocation: header copied and rewritten, OSN inserted, payload copied, padding dropped
    /// (RFC 4588 §4). Throws like ``RTPHeaderView/init(parsing:)``.
    public static func wrap(bytes: [UInt8], rtxSSRC: UInt32, rtxPayloadType: UInt8,
                            rtxSequenceNumber: UInt16) throws(WireError) -> [UInt8] {
        let view = try RTPHeaderView(parsing: bytes)
        var out: [UInt8] = []
        out.reserveCapacity(view.headerLength + originalSequenceNumberLength + view.payloadLength)
        out.append(contentsOf: bytes[0..<view.headerLength])
        out.append(UInt8(truncatingIfNeeded: view.sequenceNumber >> 8))
        out.append(UInt8(truncatingIfNeeded: view.sequenceNumber))
        out.append(contentsOf: bytes[view.payloadRange])
        out[0] &= ~0x20
        try RTPHeaderRewrite(ssrc: rtxSSRC, sequenceNumber: rtxSequenceNumber,
                             payloadType: rtxPayloadType).apply(to: &out)
        return out
    }

    /// Restores the serialized original packet from the serialized RTX packet `bytes`
    /// (RFC 4588 §4); nil for a padding-only RTX packet. Throws like
    /// ``RTPHeaderView/init(parsing:)``, or `.malformed` for a 1-byte payload.
    public static func unwrap(bytes: [UInt8], originalSSRC: UInt32,
                              originalPayloadType: UInt8) throws(WireError) -> [UInt8]? {
        let view = try RTPHeaderView(parsing: bytes)
        if view.payloadLength == 0 { return nil }
        guard let osn = originalSequenceNumber(view, in: bytes) else {
            throw WireError(.malformed, "RTX payload: 1 byte, too short for the OSN")
        }
        var out: [UInt8] = []
        out.reserveCapacity(view.headerLength + view.payloadLength - originalSequenceNumberLength)
        out.append(contentsOf: bytes[0..<view.headerLength])
        out.append(contentsOf: bytes[(view.payloadRange.lowerBound + originalSequenceNumberLength)..<view.payloadRange.upperBound])
        out[0] &= ~0x20
        try RTPHeaderRewrite(ssrc: originalSSRC, sequenceNumber: osn,
                             payloadType: originalPayloadType).apply(to: &out)
        return out
    }
}
