import BeepWire

/// A TURN ChannelData message: channel number, length, application data (RFC 8656 §12.4).
///
/// Over UDP the data may be followed by padding to a multiple of 4 bytes; over TCP and TLS
/// it must be (RFC 8656 §12.5). ``parse(_:)`` accepts both forms.
public struct ChannelData: Hashable, Sendable {
    /// The channel numbers a client may bind, 0x4000-0x4FFF (RFC 8656 §12).
    public static let validChannelNumbers: ClosedRange<UInt16> = 0x4000...0x4FFF
    /// The 4-byte header length.
    public static let headerLength = 4

    /// The channel, 0x4000-0x4FFF.
    public var channelNumber: UInt16
    /// The application data (e.g. an RTP or DTLS packet).
    public var data: [UInt8]

    /// A ChannelData message; the channel number is checked when serializing.
    public init(channelNumber: UInt16, data: [UInt8]) {
        self.channelNumber = channelNumber
        self.data = data
    }

    /// A cheap demultiplexing test (RFC 7983 §7 / RFC 8656 §12: first byte 64-79) with room
    /// for the 4-byte header.
    public static func isChannelData(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, bytes.count >= headerLength else { return false }
        return (0x40...0x4F).contains(first)
    }

    /// Parses a ChannelData message that fills `bytes`, with or without trailing padding.
    /// Throws on a channel number outside 0x4000-0x4FFF, a length beyond the input, or bytes
    /// after the data other than its padding. Never traps.
    public static func parse(_ bytes: [UInt8]) throws(WireError) -> ChannelData {
        let (channel, payload) = try parseInPlace(bytes)
        return ChannelData(channelNumber: channel, data: Array(bytes[payload]))
    }

    /// Like ``parse(_:)`` without copying: the channel number and where the data lies in
    /// `bytes` (for relaying on the hot path).
    public static func parseInPlace(_ bytes: [UInt8]) throws(WireError) -> (channelNumber: UInt16, payload: Range<Int>) {
        var reader = ByteReader(bytes)
        let channel = try reader.readUInt16("ChannelData channel number")
        guard validChannelNumbers.contains(channel) else {
            throw WireError(.malformed, "ChannelData channel number: 0x\(String(channel, radix: 16)) is outside 0x4000-0x4fff")
        }
        let length = Int(try reader.readUInt16("ChannelData length"))
        let payload = try reader.readRange(length, "ChannelData application data")
        let padding = (4 - length % 4) % 4
        guard reader.remaining == 0 || reader.remaining == padding else {
            throw WireError(.malformed, "ChannelData: \(reader.remaining) bytes after \(length) bytes of data, expected 0 or \(padding) of padding")
        }
        return (channel, payload)
    }

    /// The wire form; `padded` adds zero padding to a multiple of 4 bytes, required over TCP
    /// and TLS (RFC 8656 §12.5). Throws for an invalid channel or data over 65535 bytes.
    public func serialize(padded: Bool) throws(WireError) -> [UInt8] {
        guard Self.validChannelNumbers.contains(channelNumber) else {
            throw WireError(.malformed, "ChannelData channel number: 0x\(String(channelNumber, radix: 16)) is outside 0x4000-0x4fff")
        }
        guard let length = UInt16(exactly: data.count) else {
            throw WireError(.tooLarge, "ChannelData application data: \(data.count) bytes exceeds 65535")
        }
        var writer = ByteWriter(capacity: data.count + 8)
        writer.write(channelNumber)
        writer.write(length)
        writer.write(bytes: data)
        if padded { writer.pad(toMultipleOf: 4) }
        return writer.bytes
    }
}
