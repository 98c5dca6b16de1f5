import BeepWire

/// RFC 4571 framing: each packet prefixed by its 16-bit length. ICE over TCP (RFC 6544 §3)
/// carries STUN, DTLS and RTP this way.
public enum RFC4571Framing {
    /// `packet` with its 2-byte length prefix; throws `.tooLarge` above 65535 bytes.
    public static func frame(_ packet: [UInt8]) throws(WireError) -> [UInt8] {
        guard let length = UInt16(exactly: packet.count) else {
            throw WireError(.tooLarge, "RFC 4571 frame: \(packet.count) bytes exceeds 65535")
        }
        var writer = ByteWriter(capacity: packet.count + 2)
        writer.write(length)
        writer.write(bytes: packet)
        return writer.bytes
    }

    /// The total length (prefix included) of the next frame, or nil when fewer than 2 bytes
    /// are buffered. The frame is complete when `buffer.count >= length`.
    public static func nextFrameLength<Bytes: Collection>(in buffer: Bytes) -> Int? where Bytes.Element == UInt8 {
        var iterator = buffer.makeIterator()
        guard let high = iterator.next(), let low = iterator.next() else { return nil }
        return 2 + Int(UInt16(high) << 8 | UInt16(low))
    }

    /// Cuts every complete frame off the front of `buffer`: the packets (without prefixes,
    /// as slices of `buffer`) and how many bytes were used.
    public static func splitFrames(_ buffer: [UInt8]) -> (packets: [ArraySlice<UInt8>], consumed: Int) {
        var packets: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < buffer.count, let length = nextFrameLength(in: buffer[offset...]),
              length <= buffer.count - offset {
            packets.append(buffer[(offset + 2)..<(offset + length)])
            offset += length
        }
        return (packets, offset)
    }
}
