import BeepSTUN
import BeepWire

/// ChannelData as the server reads and writes it (RFC 8656 §12.4, §12.5), over the wider
/// channel range of RFC 5766 §11 (0x4000-0x7FFF) that coturn's `turnutils_uclient` and other
/// RFC 5766 clients still pick from. ``ChannelData`` in BeepSTUN keeps RFC 8656's
/// 0x4000-0x4FFF; which range a server honours is ``TURNServerConfiguration/channelNumbers``.
enum TURNChannelFraming {
    /// Every channel number either RFC allows: 0x4000-0x7FFF (first byte 0x40-0x7F).
    static let widestRange: ClosedRange<UInt16> = 0x4000...0x7FFF

    /// True when `bytes` starts like ChannelData (first byte 0x40-0x7F) with a full header.
    static func looksLikeChannelData(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= ChannelData.headerLength, let first = bytes.first else { return false }
        return (0x40...0x7F).contains(first)
    }

    /// The channel number and data range of a ChannelData message filling `bytes`, padding
    /// allowed (RFC 8656 §12.5); nil when the number is outside `range`, the length runs past
    /// the input, or anything but padding follows. Never traps.
    static func parse(_ bytes: [UInt8], range: ClosedRange<UInt16>) -> (channel: UInt16, payload: Range<Int>)? {
        var reader = ByteReader(bytes)
        guard let channel = try? reader.readUInt16("ChannelData channel number"), range.contains(channel),
              let length = try? reader.readUInt16("ChannelData length"),
              let payload = try? reader.readRange(Int(length), "ChannelData application data") else { return nil }
        let padding = (4 - Int(length) % 4) % 4
        guard reader.remaining == 0 || reader.remaining == padding else { return nil }
        return (channel, payload)
    }

    /// The wire form (zero-padded to 4 bytes when `padded`, as TCP/TLS require); nil for data
    /// over 65535 bytes.
    static func serialize(channel: UInt16, data: [UInt8], padded: Bool) -> [UInt8]? {
        guard let length = UInt16(exactly: data.count) else { return nil }
        var writer = ByteWriter(capacity: data.count + 8)
        writer.write(channel)
        writer.write(length)
        writer.write(bytes: data)
        if padded { writer.pad(toMultipleOf: 4) }
        return writer.bytes
    }

    /// Cuts complete STUN and ChannelData frames off the front of a stream buffer
    /// (RFC 8656 §12.5; STUN per ``TURNStreamFraming``, ChannelData with channel numbers up
    /// to 0x7FFF and its padding). Throws `.malformed` when the stream is out of sync.
    static func splitFrames(_ buffer: [UInt8]) throws(WireError) -> (frames: [ArraySlice<UInt8>], consumed: Int) {
        var frames: [ArraySlice<UInt8>] = []
        var offset = 0
        while buffer.count - offset >= 4 {
            let first = buffer[offset]
            let length: Int
            if (0x40...0x7F).contains(first) {
                let declared = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
                length = ChannelData.headerLength + declared + (4 - declared % 4) % 4
            } else {
                guard let frame = try TURNStreamFraming.nextFrame(in: buffer[offset...]) else { break }
                length = frame.length
            }
            guard length <= buffer.count - offset else { break }
            frames.append(buffer[offset..<(offset + length)])
            offset += length
        }
        return (frames, offset)
    }
}
