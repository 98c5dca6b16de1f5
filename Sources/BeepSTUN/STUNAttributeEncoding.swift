import BeepWire

/// Encoding of ``STUNAttribute`` values (RFC 8489 §14, RFC 8656 §18, RFC 8445 §16.1). The
/// same size limits the decoder enforces are enforced here, so whatever is sent parses back.
extension STUNAttribute {
    /// The attribute's value bytes, without the type-length header and without padding.
    /// `transactionID` is needed for the XOR of XOR-*-ADDRESS attributes (RFC 8489 §14.2).
    public func encodedValue(transactionID: STUNTransactionID) throws(WireError) -> [UInt8] {
        var writer = ByteWriter(capacity: 32)
        let name = type.description
        switch self {
        case .mappedAddress(let address), .alternateServer(let address):
            STUNAddressCoding.encode(address, xor: nil, into: &writer)
        case .xorMappedAddress(let address), .xorPeerAddress(let address), .xorRelayedAddress(let address):
            STUNAddressCoding.encode(address, xor: transactionID, into: &writer)
        case .username(let text), .realm(let text), .nonce(let text), .software(let text):
            try Self.writeText(text, limit: STUNLimits.maxSentTextLength, name, into: &writer)
        case .alternateDomain(let text):
            try Self.writeText(text, limit: STUNLimits.maxDomainLength, name, into: &writer)
        case .userHash(let bytes):
            guard bytes.count == 32 else {
                throw WireError(.malformed, "\(name): needs 32 bytes, got \(bytes.count)")
            }
            writer.write(bytes: bytes)
        case .messageIntegrity(let bytes):
            guard bytes.count == 20 else {
                throw WireError(.malformed, "\(name): needs 20 bytes, got \(bytes.count)")
            }
            writer.write(bytes: bytes)
        case .messageIntegritySHA256(let bytes):
            guard (16...32).contains(bytes.count), bytes.count % 4 == 0 else {
                throw WireError(.malformed, "\(name): length \(bytes.count) is not 16-32 and a multiple of 4")
            }
            writer.write(bytes: bytes)
        case .fingerprint(let value), .priority(let value), .lifetime(seconds: let value):
            writer.write(value)
        case .errorCode(let error):
            writer.write(UInt16(0))
            writer.write(error.errorClass)
            writer.write(error.number)
            try Self.writeText(error.reason, limit: STUNLimits.maxSentTextLength, "ERROR-CODE reason", into: &writer)
        case .unknownAttributes(let types):
            for entry in types { writer.write(entry.rawValue) }
        case .passwordAlgorithms(let algorithms):
            for algorithm in algorithms {
                try Self.writePasswordAlgorithm(algorithm, into: &writer)
            }
        case .passwordAlgorithm(let algorithm):
            try Self.writePasswordAlgorithm(algorithm, into: &writer)
        case .useCandidate, .dontFragment:
            break
        case .iceControlled(let value), .iceControlling(let value), .reservationToken(let value):
            writer.write(value)
        case .channelNumber(let channel):
            writer.write(channel)
            writer.write(UInt16(0))
        case .data(let bytes):
            writer.write(bytes: bytes)
        case .requestedAddressFamily(let family):
            writer.write(family.rawValue)
            writer.writeZeros(3)
        case .evenPort(let reserveNextPort):
            writer.write(reserveNextPort ? UInt8(0x80) : UInt8(0))
        case .requestedTransport(let protocolNumber):
            writer.write(protocolNumber)
            writer.writeZeros(3)
        case .unknown(_, let value):
            writer.write(bytes: value)
        }
        guard writer.count <= STUNLimits.maxValueLength else {
            throw WireError(.tooLarge, "\(name): value is \(writer.count) bytes, limit \(STUNLimits.maxValueLength)")
        }
        return writer.bytes
    }

    /// Writes UTF-8 text of at most `limit` bytes.
    private static func writeText(_ text: String, limit: Int, _ name: String, into writer: inout ByteWriter) throws(WireError) {
        let count = text.utf8.count
        guard count <= limit else {
            throw WireError(.tooLarge, "\(name): \(count) bytes, limit \(limit)")
        }
        writer.write(bytes: text.utf8)
    }

    private static func writePasswordAlgorithm(_ algorithm: STUNPasswordAlgorithm, into writer: inout ByteWriter) throws(WireError) {
        guard let length = UInt16(exactly: algorithm.parameters.count) else {
            throw WireError(.tooLarge, "password algorithm parameters: \(algorithm.parameters.count) bytes")
        }
        writer.write(algorithm.algorithm)
        writer.write(length)
        writer.write(bytes: algorithm.parameters)
        writer.pad(toMultipleOf: 4)
    }
}
