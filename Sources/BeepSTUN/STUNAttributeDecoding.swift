import BeepWire

/// Decoding of attribute values into ``STUNAttribute`` cases (RFC 8489 §14, RFC 8656 §18,
/// RFC 8445 §16.1). A known attribute whose value has the wrong size or content throws
/// `WireError` naming the attribute; receivers answer such requests with 400 Bad Request.
extension STUNAttribute {
    /// Decodes one attribute value (without its padding). `transactionID` is needed to undo
    /// the XOR of XOR-*-ADDRESS attributes (RFC 8489 §14.2).
    public static func decode(type: STUNAttributeType, value: ArraySlice<UInt8>,
                              transactionID: STUNTransactionID) throws(WireError) -> STUNAttribute {
        let name = type.description
        switch type {
        case .mappedAddress:
            return .mappedAddress(try STUNAddressCoding.decode(value, xor: nil, attribute: name))
        case .xorMappedAddress:
            return .xorMappedAddress(try STUNAddressCoding.decode(value, xor: transactionID, attribute: name))
        case .alternateServer:
            return .alternateServer(try STUNAddressCoding.decode(value, xor: nil, attribute: name))
        case .xorPeerAddress:
            return .xorPeerAddress(try STUNAddressCoding.decode(value, xor: transactionID, attribute: name))
        case .xorRelayedAddress:
            return .xorRelayedAddress(try STUNAddressCoding.decode(value, xor: transactionID, attribute: name))
        case .username:
            return .username(try text(value, limit: STUNLimits.maxReceivedTextLength, name))
        case .realm:
            return .realm(try text(value, limit: STUNLimits.maxReceivedTextLength, name))
        case .nonce:
            return .nonce(try text(value, limit: STUNLimits.maxReceivedTextLength, name))
        case .software:
            return .software(try text(value, limit: STUNLimits.maxReceivedTextLength, name))
        case .alternateDomain:
            return .alternateDomain(try text(value, limit: STUNLimits.maxDomainLength, name))
        case .userHash:
            try requireLength(value, 32, name)
            return .userHash(Array(value))
        case .messageIntegrity:
            try requireLength(value, 20, name)
            return .messageIntegrity(Array(value))
        case .messageIntegritySHA256:
            guard (16...32).contains(value.count), value.count % 4 == 0 else {
                throw WireError(.malformed, "\(name): length \(value.count) is not 16-32 and a multiple of 4")
            }
            return .messageIntegritySHA256(Array(value))
        case .fingerprint:
            return .fingerprint(try uint32(value, name))
        case .errorCode:
            return .errorCode(try errorCode(value))
        case .unknownAttributes:
            guard value.count % 2 == 0 else {
                throw WireError(.malformed, "\(name): odd length \(value.count)")
            }
            var reader = ByteReader(Array(value))
            var types: [STUNAttributeType] = []
            while !reader.isAtEnd {
                types.append(STUNAttributeType(rawValue: try reader.readUInt16("UNKNOWN-ATTRIBUTES entry")))
            }
            return .unknownAttributes(types)
        case .passwordAlgorithm:
            var reader = ByteReader(Array(value))
            let algorithm = try passwordAlgorithm(&reader)
            guard reader.isAtEnd else {
                throw WireError(.malformed, "\(name): \(reader.remaining) bytes after the algorithm")
            }
            return .passwordAlgorithm(algorithm)
        case .passwordAlgorithms:
            var reader = ByteReader(Array(value))
            var algorithms: [STUNPasswordAlgorithm] = []
            while !reader.isAtEnd {
                algorithms.append(try passwordAlgorithm(&reader))
            }
            return .passwordAlgorithms(algorithms)
        case .priority:
            return .priority(try uint32(value, name))
        case .useCandidate:
            try requireLength(value, 0, name)
            return .useCandidate
        case .iceControlled:
            return .iceControlled(tieBreaker: try uint64(value, name))
        case .iceControlling:
            return .iceControlling(tieBreaker: try uint64(value, name))
        case .channelNumber:
            try requireLength(value, 4, name)
            var reader = ByteReader(Array(value))
            return .channelNumber(try reader.readUInt16("CHANNEL-NUMBER"))
        case .lifetime:
            return .lifetime(seconds: try uint32(value, name))
        case .data:
            return .data(Array(value))
        case .requestedAddressFamily:
            try requireLength(value, 4, name)
            let code = value.first ?? 0
            guard let family = STUNAddress.Family(rawValue: code) else {
                throw WireError(.malformed, "\(name): unknown family 0x\(String(code, radix: 16))")
            }
            return .requestedAddressFamily(family)
        case .evenPort:
            try requireLength(value, 1, name)
            return .evenPort(reserveNextPort: (value.first ?? 0) & 0x80 != 0)
        case .requestedTransport:
            try requireLength(value, 4, name)
            return .requestedTransport(protocolNumber: value.first ?? 0)
        case .dontFragment:
            try requireLength(value, 0, name)
            return .dontFragment
        case .reservationToken:
            return .reservationToken(try uint64(value, name))
        default:
            return .unknown(type: type, value: Array(value))
        }
    }

    private static func requireLength(_ value: ArraySlice<UInt8>, _ length: Int, _ name: String) throws(WireError) {
        guard value.count == length else {
            throw WireError(.malformed, "\(name): length \(value.count), expected \(length)")
        }
    }

    private static func uint32(_ value: ArraySlice<UInt8>, _ name: String) throws(WireError) -> UInt32 {
        try requireLength(value, 4, name)
        var reader = ByteReader(Array(value))
        return try reader.readUInt32()
    }

    private static func uint64(_ value: ArraySlice<UInt8>, _ name: String) throws(WireError) -> UInt64 {
        try requireLength(value, 8, name)
        var reader = ByteReader(Array(value))
        return try reader.readUInt64()
    }

    /// A UTF-8 value of at most `limit` bytes.
    private static func text(_ value: ArraySlice<UInt8>, limit: Int, _ name: String) throws(WireError) -> String {
        guard value.count <= limit else {
            throw WireError(.tooLarge, "\(name): \(value.count) bytes, limit \(limit)")
        }
        guard let string = String(validating: value, as: UTF8.self) else {
            throw WireError(.malformed, "\(name): not valid UTF-8")
        }
        return string
    }

    /// RFC 8489 §14.8: 21 reserved bits, a 3-bit class (3-6), an 8-bit number (0-99), reason.
    private static func errorCode(_ value: ArraySlice<UInt8>) throws(WireError) -> STUNErrorCode {
        var reader = ByteReader(Array(value))
        let header = try reader.readUInt32("ERROR-CODE header")
        let errorClass = UInt16(truncatingIfNeeded: (header >> 8) & 0x07)
        let number = UInt16(truncatingIfNeeded: header & 0xFF)
        guard (3...6).contains(errorClass), number < 100 else {
            throw WireError(.malformed, "ERROR-CODE: class \(errorClass) number \(number) is not a code 300-699")
        }
        let reason = try text(value.dropFirst(4), limit: STUNLimits.maxReceivedTextLength, "ERROR-CODE reason")
        return try STUNErrorCode(code: errorClass &* 100 &+ number, reason: reason)
    }

    /// RFC 8489 §14.11: algorithm (16), parameters length (16), parameters padded to 4 bytes.
    private static func passwordAlgorithm(_ reader: inout ByteReader) throws(WireError) -> STUNPasswordAlgorithm {
        let algorithm = try reader.readUInt16("password algorithm")
        let length = Int(try reader.readUInt16("password algorithm parameters length"))
        let parameters = Array(try reader.readBytes(length, "password algorithm parameters"))
        let padding = (4 - length % 4) % 4
        if padding > 0 {
            // The last entry's padding may be cut by the attribute's own padding rule; accept either.
            try reader.skip(min(padding, reader.remaining), "password algorithm padding")
        }
        return STUNPasswordAlgorithm(algorithm: algorithm, parameters: parameters)
    }
}
