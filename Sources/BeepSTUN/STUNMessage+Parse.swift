import BeepWire

/// Parsing of STUN messages (RFC 8489 §5, §14), and the cheap demultiplexing test.
extension STUNMessage {
    /// A cheap test for "this datagram is STUN" as used in RFC 7983 demultiplexing: at least
    /// 20 bytes, the two most significant bits zero (first byte 0-3), the magic cookie in
    /// bytes 4-7, and a length field that is a multiple of 4 (RFC 8489 §5).
    public static func isSTUN(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= headerLength else { return false }
        return bytes[0] & 0xC0 == 0 && bytes[3] & 0x03 == 0
            && bytes[4] == 0x21 && bytes[5] == 0x12 && bytes[6] == 0xA4 && bytes[7] == 0x42
    }

    /// Parses one STUN message that fills `bytes` exactly (one UDP datagram, or one frame
    /// cut by ``TURNStreamFraming``).
    ///
    /// Checks the header (RFC 8489 §5: top bits zero, length a multiple of 4 and equal to
    /// the bytes that follow, magic cookie), walks the attributes with their padding
    /// (RFC 8489 §14), decodes the known ones, keeps unknown ones, ignores those after
    /// MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (§14.5, §14.6),
    /// and rejects anything after FINGERPRINT, which must be last (§14.7). Never traps:
    /// every problem throws `WireError`. Integrity and fingerprint are not checked here;
    /// call ``verifyIntegrity(key:)`` and ``hasValidFingerprint``.
    public static func parse(_ bytes: [UInt8]) throws(WireError) -> STUNMessage {
        var reader = ByteReader(bytes)
        guard bytes.count >= headerLength else {
            throw WireError(.truncated, "STUN header: need 20 bytes, got \(bytes.count)")
        }
        let rawType = try reader.readUInt16("STUN message type")
        guard let type = STUNMessageType(rawValue: rawType) else {
            throw WireError(.malformed, "STUN message type: the two most significant bits must be zero")
        }
        let length = Int(try reader.readUInt16("STUN message length"))
        guard length % 4 == 0 else {
            throw WireError(.malformed, "STUN message length: \(length) is not a multiple of 4")
        }
        let cookie = try reader.readUInt32("STUN magic cookie")
        guard cookie == magicCookie else {
            throw WireError(.malformed, "STUN magic cookie: 0x\(String(cookie, radix: 16)) is not 0x2112a442")
        }
        let transactionID = try STUNTransactionID(bytes: try reader.readBytes(12, "STUN transaction ID"))
        guard reader.remaining == length else {
            if reader.remaining < length {
                throw WireError(.truncated, "STUN message length: \(length) announced, \(reader.remaining) present")
            }
            throw WireError(.malformed, "STUN message length: \(length) announced, \(reader.remaining) present")
        }

        var attributes: [STUNAttribute] = []
        var received = STUNReceivedBytes(bytes: bytes, integrityOffset: nil, integritySHA256: nil,
                                         fingerprintOffset: nil, paddings: [])
        while !reader.isAtEnd {
            let offset = reader.offset
            let attributeType = STUNAttributeType(rawValue: try reader.readUInt16("attribute type"))
            let valueLength = Int(try reader.readUInt16("attribute length"))
            let value = try reader.readBytes(valueLength, "attribute value")
            let padding = try reader.readBytes((4 - valueLength % 4) % 4, "attribute padding")

            if received.fingerprintOffset != nil {
                throw WireError(.malformed, "FINGERPRINT: must be the last attribute, \(attributeType) follows")
            }
            switch attributeType {
            case .fingerprint:
                received.fingerprintOffset = offset
            case _ where received.integritySHA256 != nil:
                continue  // RFC 8489 §14.6: only FINGERPRINT may follow MESSAGE-INTEGRITY-SHA256.
            case .messageIntegritySHA256:
                received.integritySHA256 = (offset, valueLength)
            case _ where received.integrityOffset != nil:
                continue  // RFC 8489 §14.5: ignore attributes after MESSAGE-INTEGRITY.
            case .messageIntegrity:
                received.integrityOffset = offset
            default:
                break
            }
            attributes.append(try STUNAttribute.decode(type: attributeType, value: value, transactionID: transactionID))
            received.paddings.append(padding)
        }

        var message = STUNMessage(type: type, transactionID: transactionID, attributes: attributes)
        message.received = received
        return message
    }
}
