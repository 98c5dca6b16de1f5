import BeepWire

/// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554e,
/// with the header length field covering the FINGERPRINT attribute.
enum STUNFingerprint {
    /// The XOR constant, "STUN" in ASCII.
    static let xorValue: UInt32 = 0x5354_554E

    /// The FINGERPRINT value for `message[0..<attributeOffset]` with the length field set to
    /// `attributeOffset + 8 - 20`.
    static func compute(message: [UInt8], attributeOffset: Int) -> UInt32 {
        guard attributeOffset >= STUNMessage.headerLength, attributeOffset <= message.count else { return 0 }
        let adjusted = UInt16(truncatingIfNeeded: attributeOffset &+ 8 &- STUNMessage.headerLength)
        var input = Array(message[0..<attributeOffset])
        input[2] = UInt8(truncatingIfNeeded: adjusted >> 8)
        input[3] = UInt8(truncatingIfNeeded: adjusted)
        return CRC32.checksum(input) ^ xorValue
    }
}

/// FINGERPRINT checking of a parsed message.
extension STUNMessage {
    /// True when the message was parsed with a FINGERPRINT attribute.
    public var hasFingerprint: Bool { received?.fingerprintOffset != nil }

    /// True when the message was parsed, has FINGERPRINT, and its CRC matches (RFC 8489 §14.7).
    public var hasValidFingerprint: Bool {
        guard let received, let offset = received.fingerprintOffset else { return false }
        var reader = ByteReader(received.bytes, range: (offset &+ 4)..<(offset &+ 8))
        guard let value = try? reader.readUInt32("FINGERPRINT") else { return false }
        return STUNFingerprint.compute(message: received.bytes, attributeOffset: offset) == value
    }
}
