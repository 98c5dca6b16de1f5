import BeepWire

/// Wire encoding of addresses in MAPPED-ADDRESS style attributes (RFC 8489 §14.1) and their
/// XOR variants (RFC 8489 §14.2; TURN's XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS use the same
/// layout, RFC 8656 §18.3 and §18.5).
enum STUNAddressCoding {
    /// The magic cookie followed by the transaction ID: the XOR mask of RFC 8489 §14.2.
    static func xorMask(_ transactionID: STUNTransactionID) -> [UInt8] {
        var writer = ByteWriter(capacity: 16)
        writer.write(STUNMessage.magicCookie)
        writer.write(transactionID.high)
        writer.write(transactionID.low)
        return writer.bytes
    }

    /// Decodes `0x00 | family | port | address`; with a transaction ID, undoes the XOR.
    static func decode(_ value: ArraySlice<UInt8>, xor transactionID: STUNTransactionID?, attribute: String) throws(WireError) -> STUNAddress {
        var reader = ByteReader(Array(value))
        _ = try reader.readUInt8("address reserved byte")
        let familyCode = try reader.readUInt8("address family")
        guard let family = STUNAddress.Family(rawValue: familyCode) else {
            throw WireError(.malformed, "\(attribute): unknown address family 0x\(String(familyCode, radix: 16))")
        }
        var port = try reader.readUInt16("address port")
        guard reader.remaining == family.addressLength else {
            throw WireError(.malformed, "\(attribute): \(family) address needs \(family.addressLength) bytes, got \(reader.remaining)")
        }
        var address = Array(try reader.readBytes(family.addressLength, "address"))
        if let transactionID {
            port ^= UInt16(truncatingIfNeeded: STUNMessage.magicCookie >> 16)
            let mask = xorMask(transactionID)
            for index in address.indices where index < mask.count {
                address[index] ^= mask[index]
            }
        }
        return STUNAddress(uncheckedFamily: family, addressBytes: address, port: port)
    }

    /// Encodes an address value; with a transaction ID, applies the XOR.
    static func encode(_ address: STUNAddress, xor transactionID: STUNTransactionID?, into writer: inout ByteWriter) {
        writer.write(UInt8(0))
        writer.write(address.family.rawValue)
        if let transactionID {
            writer.write(address.port ^ UInt16(truncatingIfNeeded: STUNMessage.magicCookie >> 16))
            let mask = xorMask(transactionID)
            for (index, byte) in address.addressBytes.enumerated() {
                writer.write(index < mask.count ? byte ^ mask[index] : byte)
            }
        } else {
            writer.write(address.port)
            writer.write(bytes: address.addressBytes)
        }
    }
}
