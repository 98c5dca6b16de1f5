import BeepWire

/// One RTCP datagram: a compound packet (RFC 3550 §6.1) or a reduced-size packet (RFC 5506 §3).
///
/// Parsing applies the validity checks of RFC 3550 §A.2: every packet has version 2, only the
/// last packet may carry padding, and the length fields add up to the datagram length. A datagram
/// that does not start with SR or RR is accepted as reduced-size RTCP (RFC 5506 §3.1) unless
/// `requireCompound` is set. Padding (RFC 3550 §6.4.1, the P bit) is kept as ``paddingLength`` so a
/// parsed datagram serialises back to the same bytes (padding octets are written as zeros).
public struct RTCPCompound: Hashable, Sendable {
    /// The packets in datagram order.
    public var packets: [RTCPPacket]
    /// Padding octets appended to the last packet (its P bit), counting the final count octet;
    /// zero for none. A parsed value is written back unchanged. When the last packet's body is
    /// not 32-bit aligned with it, TWCC feedback and a BYE with a reason get zero alignment octets
    /// before the padding (their bodies end in skippable alignment); other packets get the value
    /// raised to the next aligning length.
    public var paddingLength: UInt8

    /// A datagram holding `packets`, with optional padding on the last one.
    public init(packets: [RTCPPacket], paddingLength: UInt8 = 0) {
        self.packets = packets
        self.paddingLength = paddingLength
    }

    /// True when this is not a full compound packet in the RFC 3550 §6.1 sense (the first packet
    /// is neither SR nor RR), i.e. reduced-size RTCP (RFC 5506 §3).
    public var isReducedSize: Bool {
        switch packets.first {
        case .senderReport?, .receiverReport?: false
        default: true
        }
    }

    /// Parses an RTCP datagram. Fuzz entry point: any input either parses or throws ``WireError``.
    ///
    /// - Parameter requireCompound: also require the first packet to be SR or RR (RFC 3550 §A.2);
    ///   off by default so reduced-size RTCP (RFC 5506 §3) is accepted.
    public static func parse(_ bytes: [UInt8], requireCompound: Bool = false) throws(WireError) -> RTCPCompound {
        guard !bytes.isEmpty else { throw WireError(.truncated, "RTCP datagram: empty") }
        var reader = ByteReader(bytes)
        var packets: [RTCPPacket] = []
        var padding: UInt8 = 0
        while !reader.isAtEnd {
            let first = try reader.readUInt8("RTCP header first octet")
            guard first >> 6 == 2 else {
                throw WireError(.malformed, "RTCP version: \(first >> 6), expected 2 (RFC 3550 §A.2)")
            }
            let packetType = try reader.readUInt8("RTCP packet type")
            let lengthWords = try reader.readUInt16("RTCP length")
            let bodyLength = Int(lengthWords) * 4
            guard bodyLength <= reader.remaining else {
                throw WireError(.truncated,
                                "RTCP length: \(lengthWords) words but \(reader.remaining) bytes left in the datagram")
            }
            var body = try reader.readRange(bodyLength, "RTCP packet body")
            if first & 0x20 != 0 {
                guard reader.isAtEnd else {
                    throw WireError(.malformed, "RTCP padding bit set on a packet that is not the last (RFC 3550 §A.2)")
                }
                guard let count = body.last.map({ bytes[$0] }), count > 0, Int(count) <= body.count else {
                    throw WireError(.malformed, "RTCP padding count: invalid for a \(bodyLength)-byte body")
                }
                padding = count
                body = body.lowerBound..<(body.upperBound - Int(count))
            }
            let packet = try RTCPPacket.parse(packetType: packetType, count: first & 0x1F,
                                              body: ByteReader(bytes, range: body))
            packets.append(packet)
        }
        let compound = RTCPCompound(packets: packets, paddingLength: padding)
        if requireCompound, compound.isReducedSize {
            throw WireError(.malformed, "RTCP compound packet: first packet must be SR or RR (RFC 3550 §6.1)")
        }
        return compound
    }

    /// Serialises the datagram (RFC 3550 §6.1): each packet with its common header (§6.4), the
    /// last one padded if ``paddingLength`` is non-zero.
    ///
    /// Throws when a packet cannot be represented (a count above 31, a field too long).
    public func serialize() throws(WireError) -> [UInt8] {
        guard !packets.isEmpty else { throw WireError(.malformed, "RTCP datagram: no packets") }
        var writer = ByteWriter(capacity: 256)
        for (index, packet) in packets.enumerated() {
            let padding = index == packets.count - 1 ? paddingLength : 0
            try packet.write(into: &writer, padding: padding)
        }
        return writer.bytes
    }
}
