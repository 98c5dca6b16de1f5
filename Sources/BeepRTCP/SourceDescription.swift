import BeepWire

/// An RTCP source description packet (RFC 3550 §6.5): up to 31 chunks, each an SSRC/CSRC with
/// its items.
public struct SourceDescription: Hashable, Sendable {
    /// The chunks, in packet order.
    public var chunks: [SDESChunk]

    /// An SDES packet with the given chunks.
    public init(chunks: [SDESChunk]) { self.chunks = chunks }

    /// Decodes the body of a PT=202 packet whose header announced `count` chunks (RFC 3550 §6.5):
    /// each chunk's item list ends with a null octet, then padding to the next 32-bit boundary.
    static func parse(count: UInt8, body: ByteReader) throws(WireError) -> SourceDescription {
        var reader = body
        let start = reader.offset
        var chunks: [SDESChunk] = []
        chunks.reserveCapacity(Int(count))
        for _ in 0..<count {
            let ssrc = try reader.readUInt32("SDES chunk SSRC/CSRC")
            var items: [SDESItem] = []
            while true {
                let type = try reader.readUInt8("SDES item type")
                if type == 0 { break }
                let length = try reader.readUInt8("SDES item length")
                let value = try reader.readBytes(Int(length), "SDES item value")
                items.append(SDESItem(type: SDESItemType(rawValue: type), value: Array(value)))
            }
            let used = reader.offset - start
            try reader.skip((4 - used % 4) % 4, "SDES chunk padding")
            chunks.append(SDESChunk(ssrc: ssrc, items: items))
        }
        guard reader.isAtEnd else {
            throw WireError(.malformed, "SDES: \(reader.remaining) bytes after the \(count) announced chunks")
        }
        return SourceDescription(chunks: chunks)
    }

    /// Writes the chunks, each terminated by a null octet and zero-padded to 32 bits (RFC 3550 §6.5).
    func writeBody(into writer: inout ByteWriter) throws(WireError) {
        for chunk in chunks {
            let start = writer.count
            writer.write(chunk.ssrc)
            for item in chunk.items {
                guard item.type.rawValue != 0 else {
                    throw WireError(.malformed, "SDES item type 0 is the END marker and cannot carry a value")
                }
                guard let length = UInt8(exactly: item.value.count) else {
                    throw WireError(.tooLarge, "SDES item value: \(item.value.count) bytes, at most 255")
                }
                writer.write(item.type.rawValue)
                writer.write(length)
                writer.write(bytes: item.value)
            }
            writer.write(UInt8(0))
            let used = writer.count - start
            writer.writeZeros((4 - used % 4) % 4)
        }
    }
}

/// One SDES chunk (RFC 3550 §6.5): a source and its description items.
public struct SDESChunk: Hashable, Sendable {
    /// The SSRC or CSRC described.
    public var ssrc: UInt32
    /// Items in packet order.
    public var items: [SDESItem]

    /// A chunk with the given source and items.
    public init(ssrc: UInt32, items: [SDESItem]) {
        self.ssrc = ssrc
        self.items = items
    }

    /// The text of the first CNAME item (RFC 3550 §6.5.1), if any.
    public var cname: String? { items.first { $0.type == .cname }?.text }
}

/// One SDES item (RFC 3550 §6.5): a type octet and up to 255 octets of value.
public struct SDESItem: Hashable, Sendable {
    /// The item type.
    public var type: SDESItemType
    /// The value octets (UTF-8 text for the standard types; PRIV keeps its prefix inside).
    public var value: [UInt8]

    /// An item with raw value octets.
    public init(type: SDESItemType, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    /// An item whose value is `text` encoded as UTF-8.
    public init(type: SDESItemType, text: String) {
        self.init(type: type, value: Array(text.utf8))
    }

    /// The value decoded as UTF-8 (invalid sequences replaced).
    public var text: String { String(decoding: value, as: UTF8.self) }
}

/// An SDES item type (RFC 3550 §6.5; registry in §12.2).
public struct SDESItemType: RawRepresentable, Hashable, Sendable {
    /// The type octet.
    public var rawValue: UInt8

    /// Wraps a type octet.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Canonical end-point identifier, RFC 3550 §6.5.1.
    public static let cname = SDESItemType(rawValue: 1)
    /// User name, §6.5.2.
    public static let name = SDESItemType(rawValue: 2)
    /// Electronic mail address, §6.5.3.
    public static let email = SDESItemType(rawValue: 3)
    /// Phone number, §6.5.4.
    public static let phone = SDESItemType(rawValue: 4)
    /// Geographic location, §6.5.5.
    public static let location = SDESItemType(rawValue: 5)
    /// Application or tool name, §6.5.6.
    public static let tool = SDESItemType(rawValue: 6)
    /// Notice/status, §6.5.7.
    public static let note = SDESItemType(rawValue: 7)
    /// Private extensions, §6.5.8.
    public static let privateExtension = SDESItemType(rawValue: 8)
}
