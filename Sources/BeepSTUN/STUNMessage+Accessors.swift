/// Typed shortcuts to the attributes ICE and TURN read most often.
extension STUNMessage {
    /// The first attribute of `type`, if any.
    public func first(_ type: STUNAttributeType) -> STUNAttribute? {
        attributes.first { $0.type == type }
    }

    /// All attributes of `type` in order (e.g. several XOR-PEER-ADDRESS in CreatePermission,
    /// RFC 8656 §9).
    public func all(_ type: STUNAttributeType) -> [STUNAttribute] {
        attributes.filter { $0.type == type }
    }

    /// Comprehension-required attribute types (0x0000-0x7FFF) that were not understood; a
    /// request carrying any must be answered with 420 and UNKNOWN-ATTRIBUTES listing them
    /// (RFC 8489 §6.3.1.1, §14.13).
    public var unknownComprehensionRequiredAttributes: [STUNAttributeType] {
        attributes.compactMap { attribute in
            if case .unknown(let type, _) = attribute, type.isComprehensionRequired { return type }
            return nil
        }
    }

    /// USERNAME.
    public var username: String? {
        if case .username(let value)? = first(.username) { return value }
        return nil
    }

    /// REALM.
    public var realm: String? {
        if case .realm(let value)? = first(.realm) { return value }
        return nil
    }

    /// NONCE.
    public var nonce: String? {
        if case .nonce(let value)? = first(.nonce) { return value }
        return nil
    }

    /// SOFTWARE.
    public var software: String? {
        if case .software(let value)? = first(.software) { return value }
        return nil
    }

    /// ERROR-CODE.
    public var errorCode: STUNErrorCode? {
        if case .errorCode(let value)? = first(.errorCode) { return value }
        return nil
    }

    /// XOR-MAPPED-ADDRESS, already un-XORed.
    public var xorMappedAddress: STUNAddress? {
        if case .xorMappedAddress(let value)? = first(.xorMappedAddress) { return value }
        return nil
    }

    /// MAPPED-ADDRESS.
    public var mappedAddress: STUNAddress? {
        if case .mappedAddress(let value)? = first(.mappedAddress) { return value }
        return nil
    }

    /// Every XOR-PEER-ADDRESS, already un-XORed.
    public var xorPeerAddresses: [STUNAddress] {
        attributes.compactMap { attribute in
            if case .xorPeerAddress(let value) = attribute { return value }
            return nil
        }
    }

    /// XOR-RELAYED-ADDRESS (the first one), already un-XORed.
    public var xorRelayedAddress: STUNAddress? {
        if case .xorRelayedAddress(let value)? = first(.xorRelayedAddress) { return value }
        return nil
    }

    /// PRIORITY.
    public var priority: UInt32? {
        if case .priority(let value)? = first(.priority) { return value }
        return nil
    }

    /// True when USE-CANDIDATE is present.
    public var useCandidate: Bool { first(.useCandidate) != nil }

    /// The tie-breaker of ICE-CONTROLLED.
    public var iceControlled: UInt64? {
        if case .iceControlled(let value)? = first(.iceControlled) { return value }
        return nil
    }

    /// The tie-breaker of ICE-CONTROLLING.
    public var iceControlling: UInt64? {
        if case .iceControlling(let value)? = first(.iceControlling) { return value }
        return nil
    }

    /// LIFETIME in seconds.
    public var lifetime: UInt32? {
        if case .lifetime(let value)? = first(.lifetime) { return value }
        return nil
    }

    /// CHANNEL-NUMBER.
    public var channelNumber: UInt16? {
        if case .channelNumber(let value)? = first(.channelNumber) { return value }
        return nil
    }

    /// DATA.
    public var data: [UInt8]? {
        if case .data(let value)? = first(.data) { return value }
        return nil
    }

    /// The protocol number of REQUESTED-TRANSPORT.
    public var requestedTransport: UInt8? {
        if case .requestedTransport(let value)? = first(.requestedTransport) { return value }
        return nil
    }
}
