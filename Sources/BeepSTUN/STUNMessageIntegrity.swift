import BeepWire
import Crypto

/// The HMAC of MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) or MESSAGE-INTEGRITY-SHA256
/// (HMAC-SHA256, RFC 8489 §14.6).
public enum STUNIntegrityAlgorithm: Sendable, Hashable, CaseIterable {
    /// MESSAGE-INTEGRITY: HMAC-SHA1, 20 bytes.
    case hmacSHA1
    /// MESSAGE-INTEGRITY-SHA256: HMAC-SHA256, 32 bytes (receivers also accept 16-28).
    case hmacSHA256

    /// The attribute that carries this MAC.
    public var attributeType: STUNAttributeType {
        self == .hmacSHA1 ? .messageIntegrity : .messageIntegritySHA256
    }

    /// The length of the full MAC.
    public var macLength: Int { self == .hmacSHA1 ? 20 : 32 }
}

/// MAC computation shared by serialization and verification.
enum STUNMessageIntegrity {
    /// The HMAC over `message[0..<attributeOffset]` with the header length field replaced as
    /// RFC 8489 §14.5/§14.6 require: as if the message ended right after the integrity
    /// attribute (`attributeOffset + 4 + valueLength - 20`).
    static func mac(_ algorithm: STUNIntegrityAlgorithm, key: STUNIntegrityKey, message: [UInt8],
                    attributeOffset: Int, valueLength: Int) -> [UInt8] {
        guard attributeOffset >= STUNMessage.headerLength, attributeOffset <= message.count else { return [] }
        let adjusted = UInt16(truncatingIfNeeded: attributeOffset &- STUNMessage.headerLength &+ 4 &+ valueLength)
        let lengthField = [UInt8(truncatingIfNeeded: adjusted >> 8), UInt8(truncatingIfNeeded: adjusted)]
        let symmetricKey = SymmetricKey(data: key.bytes)
        switch algorithm {
        case .hmacSHA1:
            var hmac = HMAC<Insecure.SHA1>(key: symmetricKey)
            hmac.update(data: message[0..<2])
            hmac.update(data: lengthField)
            hmac.update(data: message[4..<attributeOffset])
            return Array(hmac.finalize())
        case .hmacSHA256:
            var hmac = HMAC<SHA256>(key: symmetricKey)
            hmac.update(data: message[0..<2])
            hmac.update(data: lengthField)
            hmac.update(data: message[4..<attributeOffset])
            return Array(hmac.finalize())
        }
    }
}

/// Integrity verification of a parsed message (RFC 8489 §14.5, §14.6).
extension STUNMessage {
    /// True when the message was parsed, carries an integrity attribute, and its MAC matches
    /// `key`. MESSAGE-INTEGRITY-SHA256 is checked when present (it also covers any preceding
    /// MESSAGE-INTEGRITY); otherwise MESSAGE-INTEGRITY. The comparison is constant-time.
    public func verifyIntegrity(key: STUNIntegrityKey) -> Bool {
        guard let received else { return false }
        if received.integritySHA256 != nil {
            return verifyIntegrity(key: key, algorithm: .hmacSHA256)
        }
        return received.integrityOffset != nil && verifyIntegrity(key: key, algorithm: .hmacSHA1)
    }

    /// True when the attribute for `algorithm` is present and its MAC matches `key`
    /// (constant-time comparison; a truncated MESSAGE-INTEGRITY-SHA256 is compared on its
    /// received length, RFC 8489 §14.6).
    public func verifyIntegrity(key: STUNIntegrityKey, algorithm: STUNIntegrityAlgorithm) -> Bool {
        guard let received else { return false }
        let offset: Int
        let length: Int
        switch algorithm {
        case .hmacSHA1:
            guard let found = received.integrityOffset else { return false }
            offset = found
            length = 20
        case .hmacSHA256:
            guard let found = received.integritySHA256 else { return false }
            offset = found.offset
            length = found.length
        }
        let valueStart = offset &+ 4
        guard valueStart >= 0, length >= 0, valueStart <= received.bytes.count,
              length <= received.bytes.count &- valueStart else { return false }
        let expected = STUNMessageIntegrity.mac(algorithm, key: key, message: received.bytes,
                                                attributeOffset: offset, valueLength: length)
        guard expected.count >= length else { return false }
        return ConstantTime.equals(expected.prefix(length), received.bytes[valueStart..<(valueStart + length)])
    }

    /// True when MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 was received.
    public var hasIntegrity: Bool {
        received?.integrityOffset != nil || received?.integritySHA256 != nil
    }
}
