import BeepWire

/// An RTCP BYE packet (RFC 3550 §6.6): sources leaving, with an optional reason.
public struct Goodbye: Hashable, Sendable {
    /// SSRC/CSRC identifiers leaving (at most 31).
    public var sources: [UInt32]
    /// The reason for leaving as raw octets (UTF-8 text, at most 255), or nil when absent.
    public var reason: [UInt8]?

    /// A BYE packet with raw reason octets.
    public init(sources: [UInt32], reason: [UInt8]? = nil) {
        self.sources = sources
        self.reason = reason
    }

    /// A BYE packet whose reason is `text` in UTF-8.
    public init(sources: [UInt32], reasonText: String) {
        self.init(sources: sources, reason: Array(reasonText.utf8))
    }

    /// The reason decoded as UTF-8, if present.
    public var reasonText: String? { reason.map { String(decoding: $0, as: UTF8.self) } }

    /// Decodes the body of a PT=203 packet whose header announced `count` sources.
    static func parse(count: UInt8, body: ByteReader) throws(WireError) -> Goodbye {
        var reader = body
        var sources: [UInt32] = []
        sources.reserveCapacity(Int(count))
        for _ in 0..<count { sources.append(try reader.readUInt32("BYE SSRC/CSRC")) }
        var reason: [UInt8]?
        if !reader.isAtEnd {
            let length = try reader.readUInt8("BYE reason length")
            reason = Array(try reader.readBytes(Int(length), "BYE reason"))
            guard reader.remaining < 4 else {
                throw WireError(.malformed, "BYE: \(reader.remaining) bytes after the reason")
            }
        }
        return Goodbye(sources: sources, reason: reason)
    }

    /// Writes the sources and the length-prefixed reason (zero padding follows from the header writer).
    func writeBody(into writer: inout ByteWriter) throws(WireError) {
        for source in sources { writer.write(source) }
        if let reason {
            guard let length = UInt8(exactly: reason.count) else {
                throw WireError(.tooLarge, "BYE reason: \(reason.count) bytes, at most 255")
            }
            writer.write(length)
            writer.write(bytes: reason)
        }
    }
}
