import BeepWire

/// An RTCP APP packet (RFC 3550 §6.7): a subtype, a four-character name and opaque data.
public struct ApplicationDefined: Hashable, Sendable {
    /// The 5-bit subtype (carried in the header's count field).
    public var subtype: UInt8
    /// SSRC/CSRC of the sender.
    public var ssrc: UInt32
    /// The name: four ASCII characters, big-endian (e.g. 0x4245_4550 for "BEEP").
    public var name: UInt32
    /// Application-dependent data (a multiple of 32 bits on the wire; zero-padded when written).
    public var data: [UInt8]

    /// An APP packet with the given fields.
    public init(subtype: UInt8, ssrc: UInt32, name: UInt32, data: [UInt8]) {
        self.subtype = subtype
        self.ssrc = ssrc
        self.name = name
        self.data = data
    }

    /// Decodes the body of a PT=204 packet.
    static func parse(subtype: UInt8, body: ByteReader) throws(WireError) -> ApplicationDefined {
        var reader = body
        let ssrc = try reader.readUInt32("APP SSRC/CSRC")
        let name = try reader.readUInt32("APP name")
        return ApplicationDefined(subtype: subtype, ssrc: ssrc, name: name,
                                  data: Array(reader.bytes[reader.offset..<reader.end]))
    }

    /// Writes SSRC, name and data.
    func writeBody(into writer: inout ByteWriter) {
        writer.write(ssrc)
        writer.write(name)
        writer.write(bytes: data)
    }
}
