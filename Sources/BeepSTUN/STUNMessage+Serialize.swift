import BeepWire

/// Serialization of STUN messages (RFC 8489 §5, §14), with MESSAGE-INTEGRITY,
/// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT computed on the way out.
extension STUNMessage {
    /// The wire form of the message.
    ///
    /// Attributes are written in order, each padded to 4 bytes (RFC 8489 §14) with zeros, or
    /// with the padding bytes received if this message came from ``parse(_:)`` unchanged (so
    /// parsed messages re-serialize byte-for-byte). MESSAGE-INTEGRITY,
    /// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT entries in ``attributes`` are skipped and
    /// recomputed instead: with `integrity`, one integrity attribute per entry of
    /// `integrityAlgorithms` (MESSAGE-INTEGRITY first, §14.5, §14.6); with `fingerprint`,
    /// FINGERPRINT last (§14.7).
    ///
    /// Throws `WireError` when a value breaks a size limit (``STUNLimits``) or the message
    /// would exceed the 16-bit length field.
    public func serialize(integrity: STUNIntegrityKey? = nil,
                          integrityAlgorithms: [STUNIntegrityAlgorithm] = [.hmacSHA1],
                          fingerprint: Bool = false) throws(WireError) -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        writer.write(type.rawValue)
        writer.write(UInt16(0))
        writer.write(Self.magicCookie)
        writer.write(transactionID.high)
        writer.write(transactionID.low)

        for (index, attribute) in attributes.enumerated() {
            switch attribute.type {
            case .messageIntegrity, .messageIntegritySHA256, .fingerprint:
                continue
            default:
                break
            }
            let value = try attribute.encodedValue(transactionID: transactionID)
            writer.write(attribute.type.rawValue)
            writer.write(UInt16(truncatingIfNeeded: value.count))
            writer.write(bytes: value)
            let paddingLength = (4 - value.count % 4) % 4
            if let received, index < received.paddings.count, received.paddings[index].count == paddingLength {
                writer.write(bytes: received.paddings[index])
            } else {
                writer.writeZeros(paddingLength)
            }
            try Self.checkBodyLength(writer.count)
        }

        if let integrity {
            for algorithm in STUNIntegrityAlgorithm.allCases where integrityAlgorithms.contains(algorithm) {
                let offset = writer.count
                try Self.checkBodyLength(offset + 4 + algorithm.macLength)
                let mac = STUNMessageIntegrity.mac(algorithm, key: integrity, message: writer.bytes,
                                                   attributeOffset: offset, valueLength: algorithm.macLength)
                writer.write(algorithm.attributeType.rawValue)
                writer.write(UInt16(truncatingIfNeeded: mac.count))
                writer.write(bytes: mac)
            }
        }

        if fingerprint {
            let offset = writer.count
            try Self.checkBodyLength(offset + 8)
            let value = STUNFingerprint.compute(message: writer.bytes, attributeOffset: offset)
            writer.write(STUNAttributeType.fingerprint.rawValue)
            writer.write(UInt16(4))
            writer.write(value)
        }

        writer.patch(UInt16(truncatingIfNeeded: writer.count - Self.headerLength), at: 2)
        return writer.bytes
    }

    private static func checkBodyLength(_ totalLength: Int) throws(WireError) {
        let body = totalLength - headerLength
        guard body <= STUNLimits.maxMessageBodyLength else {
            throw WireError(.tooLarge, "STUN message length: \(body) bytes exceeds \(STUNLimits.maxMessageBodyLength)")
        }
    }
}
