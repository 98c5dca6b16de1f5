import BeepSTUN
import BeepWire
import BeepTestSupport
import Testing

/// Every attribute of RFC 8489 §14, RFC 8656 §18 and RFC 8445 §16.1 survives serialize/parse
/// inside a message, for IPv4 and IPv6 where an address is involved.
struct STUNAttributeRoundTripTests {
    static let v4 = STUNAddress.ipv4(203, 0, 113, 7, port: 50000)
    static let v6 = STUNAddress.ipv6([0x2001, 0x0db8, 0, 0, 0, 0, 0xdead, 0xbeef], port: 3479)

    static let attributes: [STUNAttribute] = [
        .mappedAddress(v4), .mappedAddress(v6),
        .xorMappedAddress(v4), .xorMappedAddress(v6),
        .xorPeerAddress(v4), .xorPeerAddress(v6),
        .xorRelayedAddress(v4), .xorRelayedAddress(v6),
        .alternateServer(v4), .alternateServer(v6),
        .username("alice:bob"), .username(""), .username(String(repeating: "u", count: 508)),
        .userHash(Array(0..<32)),
        .errorCode(.staleNonce), .errorCode(.roleConflict),
        .unknownAttributes([STUNAttributeType(rawValue: 0x0031), STUNAttributeType(rawValue: 0x7FFF)]),
        .unknownAttributes([STUNAttributeType(rawValue: 0x0031)]),
        .realm("example.org"), .nonce("f//499k954d6OL34oL9FSTvy64sA"),
        .software("Beep 0.1 \u{1F50A}"), .software(String(repeating: "s", count: 508)),
        .alternateDomain("turn.example.org"),
        .passwordAlgorithms([.md5, .sha256, STUNPasswordAlgorithm(algorithm: 9, parameters: [1, 2, 3])]),
        .passwordAlgorithm(.sha256),
        .passwordAlgorithm(STUNPasswordAlgorithm(algorithm: 9, parameters: [1, 2, 3, 4, 5])),
        .priority(0x6e00_01ff), .useCandidate,
        .iceControlled(tieBreaker: 0x932f_f9b1_5126_3b36), .iceControlling(tieBreaker: .max),
        .channelNumber(0x4001), .lifetime(seconds: 600),
        .data([]), .data([1]), .data(Array(repeating: 0xAB, count: 1201)),
        .requestedAddressFamily(.ipv4), .requestedAddressFamily(.ipv6),
        .evenPort(reserveNextPort: true), .evenPort(reserveNextPort: false),
        .requestedTransport(protocolNumber: 17), .dontFragment,
        .reservationToken(0x0102_0304_0506_0708),
        .unknown(type: STUNAttributeType(rawValue: 0xC057), value: [9, 8, 7]),
        .unknown(type: STUNAttributeType(rawValue: 0x0057), value: []),
    ]

    @Test("RFC 8489 §14: attribute round trip inside a message", arguments: attributes)
    func roundTrip(attribute: STUNAttribute) throws {
        let message = STUNMessage(method: .allocate, messageClass: .request,
                                  transactionID: STUNTransactionID(high: 0x0102_0304, low: 0x0506_0708_090a_0b0c),
                                  attributes: [attribute, .software("x")])
        let bytes = try message.serialize()
        #expect(bytes.count % 4 == 0)
        let parsed = try STUNMessage.parse(bytes)
        #expect(parsed == message)
        #expect(parsed.attributes.first?.type == attribute.type)
        #expect(try parsed.serialize() == bytes)
    }

    @Test("RFC 8489 §14: value bytes of fixed layouts")
    func fixedLayouts() throws {
        let id = STUNTransactionID(high: 0, low: 0)
        // ERROR-CODE 438: reserved 0x0000, class 4, number 38 (0x26), then the reason.
        #expect(try STUNAttribute.errorCode(.staleNonce).encodedValue(transactionID: id)
                == [0, 0, 4, 38] + Array("Stale Nonce".utf8))
        // CHANNEL-NUMBER: number then 16 RFFU bits (RFC 8656 §18.1).
        #expect(try STUNAttribute.channelNumber(0x4abc).encodedValue(transactionID: id) == [0x4a, 0xbc, 0, 0])
        // REQUESTED-TRANSPORT UDP: protocol 17 then 24 RFFU bits (RFC 8656 §18.8).
        #expect(try STUNAttribute.requestedTransport(protocolNumber: 17).encodedValue(transactionID: id) == [17, 0, 0, 0])
        // REQUESTED-ADDRESS-FAMILY IPv6: 0x02 then 24 reserved bits (RFC 8656 §18.6).
        #expect(try STUNAttribute.requestedAddressFamily(.ipv6).encodedValue(transactionID: id) == [2, 0, 0, 0])
        // EVEN-PORT with R set: one byte 0x80 (RFC 8656 §18.7).
        #expect(try STUNAttribute.evenPort(reserveNextPort: true).encodedValue(transactionID: id) == [0x80])
        // MAPPED-ADDRESS: 0x00, family, port, address (RFC 8489 §14.1).
        #expect(try STUNAttribute.mappedAddress(.ipv4(192, 0, 2, 1, port: 0x1234)).encodedValue(transactionID: id)
                == [0, 1, 0x12, 0x34, 192, 0, 2, 1])
    }

    @Test("RFC 8489 §14.2: XOR-PEER-ADDRESS uses the XOR-MAPPED-ADDRESS layout (RFC 5769 §2.2 bytes)")
    func xorPeerAddressMatchesRFC5769() throws {
        let id = STUNTransactionID(high: 0xb7e7_a701, low: 0xbc34_d686_fa87_dfae)
        let value = try STUNAttribute.xorPeerAddress(.ipv4(192, 0, 2, 1, port: 32853)).encodedValue(transactionID: id)
        #expect(value == Fixtures.bytes(hex: "00 01 a1 47 e1 12 a6 43"))
        let v6 = STUNAddress.ipv6([0x2001, 0x0db8, 0x1234, 0x5678, 0x0011, 0x2233, 0x4455, 0x6677], port: 32853)
        #expect(try STUNAttribute.xorRelayedAddress(v6).encodedValue(transactionID: id)
                == Fixtures.bytes(hex: "00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9"))
    }

    @Test("RFC 8489 §14: unknown comprehension-required attributes are reported, optional ones are not")
    func unknownAttributes() throws {
        let message = STUNMessage(method: .binding, messageClass: .request, transactionID: .random(), attributes: [
            .unknown(type: STUNAttributeType(rawValue: 0x0057), value: [1]),
            .unknown(type: STUNAttributeType(rawValue: 0xC057), value: [2]),
            .priority(1),
        ])
        let parsed = try STUNMessage.parse(try message.serialize())
        #expect(parsed.unknownComprehensionRequiredAttributes == [STUNAttributeType(rawValue: 0x0057)])
        #expect(parsed.first(STUNAttributeType(rawValue: 0xC057)) == .unknown(type: STUNAttributeType(rawValue: 0xC057), value: [2]))
    }

    @Test("RFC 8656 §9: several XOR-PEER-ADDRESS attributes are all kept in order")
    func severalPeers() throws {
        let message = STUNMessage(method: .createPermission, messageClass: .request, transactionID: .random(),
                                  attributes: [.xorPeerAddress(Self.v4), .xorPeerAddress(Self.v6)])
        let parsed = try STUNMessage.parse(try message.serialize())
        #expect(parsed.xorPeerAddresses == [Self.v4, Self.v6])
    }
}
