/// One STUN attribute, decoded into a typed value (RFC 8489 §14; TURN RFC 8656 §18; ICE
/// RFC 8445 §16.1).
///
/// Address attributes hold the plain (un-XORed) address; the XOR with the magic cookie and
/// transaction ID (RFC 8489 §14.2) happens when parsing and serializing. Attributes this
/// implementation does not know are kept as ``unknown(type:value:)`` with their raw value.
public enum STUNAttribute: Hashable, Sendable {
    /// MAPPED-ADDRESS (RFC 8489 §14.1).
    case mappedAddress(STUNAddress)
    /// XOR-MAPPED-ADDRESS (RFC 8489 §14.2).
    case xorMappedAddress(STUNAddress)
    /// USERNAME, UTF-8: fewer than 509 bytes sent, up to 763 accepted (RFC 8489 §14.3).
    case username(String)
    /// USERHASH, 32 bytes (RFC 8489 §14.4).
    case userHash([UInt8])
    /// MESSAGE-INTEGRITY, the 20-byte HMAC-SHA1 as received (RFC 8489 §14.5). Serializing
    /// recomputes it from a key rather than copying this value.
    case messageIntegrity([UInt8])
    /// MESSAGE-INTEGRITY-SHA256, 16 to 32 bytes as received (RFC 8489 §14.6). Serializing
    /// recomputes it.
    case messageIntegritySHA256([UInt8])
    /// FINGERPRINT, the CRC-32 XOR 0x5354554e as received (RFC 8489 §14.7). Serializing
    /// recomputes it.
    case fingerprint(UInt32)
    /// ERROR-CODE (RFC 8489 §14.8).
    case errorCode(STUNErrorCode)
    /// REALM, UTF-8: fewer than 509 bytes sent, up to 763 accepted (RFC 8489 §14.9).
    case realm(String)
    /// NONCE: fewer than 509 bytes sent, up to 763 accepted (RFC 8489 §14.10).
    case nonce(String)
    /// PASSWORD-ALGORITHMS (RFC 8489 §14.11).
    case passwordAlgorithms([STUNPasswordAlgorithm])
    /// PASSWORD-ALGORITHM (RFC 8489 §14.12).
    case passwordAlgorithm(STUNPasswordAlgorithm)
    /// UNKNOWN-ATTRIBUTES: the comprehension-required types a request carried that the
    /// responder did not understand (RFC 8489 §14.13).
    case unknownAttributes([STUNAttributeType])
    /// SOFTWARE, UTF-8: fewer than 509 bytes sent, up to 763 accepted (RFC 8489 §14.14).
    case software(String)
    /// ALTERNATE-SERVER (RFC 8489 §14.15).
    case alternateServer(STUNAddress)
    /// ALTERNATE-DOMAIN, a DNS name of at most 255 bytes (RFC 8489 §14.16).
    case alternateDomain(String)
    /// PRIORITY of the candidate a check is sent for (RFC 8445 §16.1).
    case priority(UInt32)
    /// USE-CANDIDATE, no value (RFC 8445 §16.1).
    case useCandidate
    /// ICE-CONTROLLED with its tie-breaker (RFC 8445 §16.1).
    case iceControlled(tieBreaker: UInt64)
    /// ICE-CONTROLLING with its tie-breaker (RFC 8445 §16.1).
    case iceControlling(tieBreaker: UInt64)
    /// CHANNEL-NUMBER (RFC 8656 §18.1); valid channels are 0x4000-0x4FFF, checked by the
    /// TURN logic, not the parser.
    case channelNumber(UInt16)
    /// LIFETIME in seconds (RFC 8656 §18.2).
    case lifetime(seconds: UInt32)
    /// XOR-PEER-ADDRESS (RFC 8656 §18.3).
    case xorPeerAddress(STUNAddress)
    /// DATA (RFC 8656 §18.4).
    case data([UInt8])
    /// XOR-RELAYED-ADDRESS (RFC 8656 §18.5).
    case xorRelayedAddress(STUNAddress)
    /// REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).
    case requestedAddressFamily(STUNAddress.Family)
    /// EVEN-PORT with its R bit: reserve the next-higher port too (RFC 8656 §18.7).
    case evenPort(reserveNextPort: Bool)
    /// REQUESTED-TRANSPORT: an IANA protocol number, 17 for UDP (RFC 8656 §18.8).
    case requestedTransport(protocolNumber: UInt8)
    /// DONT-FRAGMENT, no value (RFC 8656 §18.9).
    case dontFragment
    /// RESERVATION-TOKEN, 8 bytes (RFC 8656 §18.10).
    case reservationToken(UInt64)
    /// Any attribute not decoded here, kept with its raw value (without padding).
    case unknown(type: STUNAttributeType, value: [UInt8])

    /// The attribute's type code.
    public var type: STUNAttributeType {
        switch self {
        case .mappedAddress: .mappedAddress
        case .xorMappedAddress: .xorMappedAddress
        case .username: .username
        case .userHash: .userHash
        case .messageIntegrity: .messageIntegrity
        case .messageIntegritySHA256: .messageIntegritySHA256
        case .fingerprint: .fingerprint
        case .errorCode: .errorCode
        case .realm: .realm
        case .nonce: .nonce
        case .passwordAlgorithms: .passwordAlgorithms
        case .passwordAlgorithm: .passwordAlgorithm
        case .unknownAttributes: .unknownAttributes
        case .software: .software
        case .alternateServer: .alternateServer
        case .alternateDomain: .alternateDomain
        case .priority: .priority
        case .useCandidate: .useCandidate
        case .iceControlled: .iceControlled
        case .iceControlling: .iceControlling
        case .channelNumber: .channelNumber
        case .lifetime: .lifetime
        case .xorPeerAddress: .xorPeerAddress
        case .data: .data
        case .xorRelayedAddress: .xorRelayedAddress
        case .requestedAddressFamily: .requestedAddressFamily
        case .evenPort: .evenPort
        case .requestedTransport: .requestedTransport
        case .dontFragment: .dontFragment
        case .reservationToken: .reservationToken
        case .unknown(let type, _): type
        }
    }
}
