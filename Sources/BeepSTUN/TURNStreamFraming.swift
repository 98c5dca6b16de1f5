import BeepWire

/// Framing of STUN messages and ChannelData messages on a TCP or TLS connection to a TURN
/// server (RFC 8656 §12.5, RFC 8489 §6.2.2): both are self-delimiting, STUN by its length
/// field and ChannelData by its length rounded up to a multiple of 4.
public enum TURNStreamFraming {
    /// What kind of message a frame holds.
    public enum Kind: Sendable, Hashable {
        /// A STUN message (first two bits zero).
        case stun
        /// A ChannelData message (first byte 0x40-0x4F), padding included.
        case channelData
    }

    /// The next frame in a stream buffer: its kind and its total length in bytes.
    public struct Frame: Sendable, Hashable {
        /// STUN or ChannelData.
        public let kind: Kind
        /// Total bytes of the frame (header, body and, for ChannelData, padding).
        public let length: Int

        /// A frame description.
        public init(kind: Kind, length: Int) {
            self.kind = kind
            self.length = length
        }
    }

    /// Looks at the start of `buffer` and says how long the next frame is. Returns nil when
    /// fewer than 4 bytes are buffered (not enough to know). The frame is complete when
    /// `buffer.count >= frame.length`. Throws `.malformed` when the bytes cannot start a
    /// STUN or ChannelData message: the stream is out of sync and must be closed.
    public static func nextFrame<Bytes: Collection>(in buffer: Bytes) throws(WireError) -> Frame?
    where Bytes.Element == UInt8 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        for byte in buffer.prefix(8) { bytes.append(byte) }
        guard bytes.count >= 4 else { return nil }
        let declared = Int(UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
        switch bytes[0] {
        case 0x00...0x3F:
            guard declared % 4 == 0 else {
                throw WireError(.malformed, "STUN message length: \(declared) is not a multiple of 4")
            }
            if bytes.count >= 8, bytes[4...7].elementsEqual([0x21, 0x12, 0xA4, 0x42]) == false {
                throw WireError(.malformed, "STUN magic cookie: missing in stream frame")
            }
            return Frame(kind: .stun, length: STUNMessage.headerLength + declared)
        case 0x40...0x4F:
            return Frame(kind: .channelData, length: ChannelData.headerLength + declared + (4 - declared % 4) % 4)
        default:
            throw WireError(.malformed, "stream frame: first byte 0x\(String(bytes[0], radix: 16)) starts neither STUN nor ChannelData")
        }
    }

    /// Cuts every complete frame off the front of `buffer`. Returns the frames (slices of
    /// `buffer`) and how many bytes they used; the caller keeps the rest for later.
    public static func splitFrames(_ buffer: [UInt8]) throws(WireError) -> (frames: [ArraySlice<UInt8>], consumed: Int) {
        var frames: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < buffer.count, let frame = try nextFrame(in: buffer[offset...]) {
            guard frame.length <= buffer.count - offset else { break }
            frames.append(buffer[offset..<(offset + frame.length)])
            offset += frame.length
        }
        return (frames, offset)
    }
}
