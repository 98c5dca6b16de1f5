import BeepWire

/// Hand-assembles STUN messages byte by byte (independently of the serializer under test),
/// so tests can build inputs the serializer would refuse to produce.
enum RawSTUN {
    /// Header (type, length, magic cookie, transaction ID 0x01...0x0c) followed by each
    /// attribute as type, length, value and zero padding. `length` overrides the header's
    /// length field.
    static func message(type: UInt16 = 0x0001, attributes: [(UInt16, [UInt8])], length: UInt16? = nil) -> [UInt8] {
        var body = ByteWriter()
        for (attributeType, value) in attributes {
            body.write(attributeType)
            body.write(UInt16(truncatingIfNeeded: value.count))
            body.write(bytes: value)
            body.pad(toMultipleOf: 4)
        }
        var writer = ByteWriter()
        writer.write(type)
        writer.write(length ?? UInt16(truncatingIfNeeded: body.count))
        writer.write(UInt32(0x2112_A442))
        writer.write(bytes: [UInt8](1...12))
        writer.write(bytes: body.bytes)
        return writer.bytes
    }

    /// Sets the header length field to cover everything after the header, plus `extra`
    /// bytes still to be appended.
    static func fixLength(_ bytes: inout [UInt8], extra: Int = 0) {
        let length = bytes.count - 20 + extra
        bytes[2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[3] = UInt8(truncatingIfNeeded: length)
    }
}
