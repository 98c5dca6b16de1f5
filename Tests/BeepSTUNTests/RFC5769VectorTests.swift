import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Checks the parser, integrity and fingerprint against the test vectors of RFC 5769
/// (``RFC5769Samples``, §2.1-§2.4).
struct RFC5769VectorTests {
    static let shortTermKey = STUNIntegrityKey.shortTerm(password: "VOkJxbRl1RmTxUk/WvJxBt")
    /// RFC 5769 §2.1-§2.3 transaction ID.
    static let transactionID = STUNTransactionID(high: 0xb7e7_a701, low: 0xbc34_d686_fa87_dfae)

    @Test("RFC 5769 §2: the dumps have the sizes their headers announce")
    func dumpSizes() {
        #expect(RFC5769Samples.sampleRequest.count == 20 + 0x58)
        #expect(RFC5769Samples.sampleIPv4Response.count == 20 + 0x3c)
        #expect(RFC5769Samples.sampleIPv6Response.count == 20 + 0x48)
        #expect(RFC5769Samples.sampleLongTermRequest.count == 20 + 0x60)
    }

    @Test("RFC 5769 §2.1 sample request: attributes, MESSAGE-INTEGRITY, FINGERPRINT")
    func sampleRequest() throws {
        let message = try STUNMessage.parse(RFC5769Samples.sampleRequest)
        #expect(STUNMessage.isSTUN(RFC5769Samples.sampleRequest))
        #expect(message.method == .binding)
        #expect(message.messageClass == .request)
        #expect(message.transactionID == Self.transactionID)
        #expect(message.attributes == [
            .software("STUN test client"),
            .priority(0x6e00_01ff),
            .iceControlled(tieBreaker: 0x932f_f9b1_5126_3b36),
            .username("evtj:h6vY"),
            .messageIntegrity([0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e,
                               0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49, 0xc1, 0xb5, 0x71, 0xa2]),
            .fingerprint(0xe57a_3bcf),
        ])
        #expect(message.username == "evtj:h6vY")
        #expect(message.unknownComprehensionRequiredAttributes.isEmpty)
        #expect(message.verifyIntegrity(key: Self.shortTermKey))
        #expect(!message.verifyIntegrity(key: .shortTerm(password: "VOkJxbRl1RmTxUk/WvJxBT")))
        #expect(message.hasValidFingerprint)
    }

    @Test("RFC 5769 §2.1 sample request re-serializes byte-for-byte (received 0x20 padding kept)")
    func sampleRequestRoundTrip() throws {
        let message = try STUNMessage.parse(RFC5769Samples.sampleRequest)
        let bytes = try message.serialize(integrity: Self.shortTermKey, fingerprint: true)
        #expect(bytes == RFC5769Samples.sampleRequest)
    }

    @Test("RFC 5769 §2.1 sample request rebuilt from scratch: zero padding, verifies, same attributes")
    func sampleRequestRebuilt() throws {
        let rebuilt = STUNMessage(method: .binding, messageClass: .request, transactionID: Self.transactionID,
                                  attributes: [.software("STUN test client"), .priority(0x6e00_01ff),
                                               .iceControlled(tieBreaker: 0x932f_f9b1_5126_3b36),
                                               .username("evtj:h6vY")])
        let bytes = try rebuilt.serialize(integrity: Self.shortTermKey, fingerprint: true)
        #expect(bytes.count == RFC5769Samples.sampleRequest.count)
        // Up to the USERNAME padding (bytes 73-75, 0x20 in the RFC dump) everything matches;
        // the padding is zero here, so the MESSAGE-INTEGRITY and FINGERPRINT values differ.
        #expect(bytes[0..<73] == RFC5769Samples.sampleRequest[0..<73])
        #expect(bytes[73..<76] == [0, 0, 0])
        #expect(RFC5769Samples.sampleRequest[73..<76] == [0x20, 0x20, 0x20])
        #expect(bytes[76..<80] == RFC5769Samples.sampleRequest[76..<80])
        let reparsed = try STUNMessage.parse(bytes)
        #expect(reparsed.verifyIntegrity(key: Self.shortTermKey))
        #expect(reparsed.hasValidFingerprint)
        #expect(reparsed.attributes.prefix(4) == rebuilt.attributes[...])
    }

    @Test("RFC 5769 §2.2 sample IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853")
    func sampleIPv4Response() throws {
        let message = try STUNMessage.parse(RFC5769Samples.sampleIPv4Response)
        #expect(message.method == .binding)
        #expect(message.messageClass == .successResponse)
        #expect(message.transactionID == Self.transactionID)
        #expect(message.software == "test vector")
        #expect(message.xorMappedAddress == STUNAddress.ipv4(192, 0, 2, 1, port: 32853))
        #expect(message.xorMappedAddress?.description == "192.0.2.1:32853")
        #expect(message.verifyIntegrity(key: Self.shortTermKey))
        #expect(message.hasValidFingerprint)
        #expect(try message.serialize(integrity: Self.shortTermKey, fingerprint: true) == RFC5769Samples.sampleIPv4Response)
    }

    @Test("RFC 5769 §2.3 sample IPv6 response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853")
    func sampleIPv6Response() throws {
        let message = try STUNMessage.parse(RFC5769Samples.sampleIPv6Response)
        #expect(message.messageClass == .successResponse)
        #expect(message.software == "test vector")
        let expected = STUNAddress.ipv6([0x2001, 0x0db8, 0x1234, 0x5678, 0x0011, 0x2233, 0x4455, 0x6677], port: 32853)
        #expect(message.xorMappedAddress == expected)
        #expect(message.xorMappedAddress?.description == "[2001:db8:1234:5678:11:2233:4455:6677]:32853")
        #expect(message.verifyIntegrity(key: Self.shortTermKey))
        #expect(message.hasValidFingerprint)
        #expect(try message.serialize(integrity: Self.shortTermKey, fingerprint: true) == RFC5769Samples.sampleIPv6Response)
    }

    /// The §2.4 username bytes are U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 ("マトリックス");
    /// the password "The<U+00AD>M<U+00AA>tr<U+2168>" SASLprep'd is "TheMatrIX".
    @Test("RFC 5769 §2.4 long-term request: USERNAME, NONCE, REALM, MD5 long-term key, re-serialization")
    func sampleLongTermRequest() throws {
        let message = try STUNMessage.parse(RFC5769Samples.sampleLongTermRequest)
        let username = "\u{30DE}\u{30C8}\u{30EA}\u{30C3}\u{30AF}\u{30B9}"
        #expect(message.method == .binding)
        #expect(message.messageClass == .request)
        #expect(message.transactionID == STUNTransactionID(high: 0x78ad_3433, low: 0xc6ad_72c0_29da_412e))
        #expect(message.username == username)
        #expect(message.nonce == "f//499k954d6OL34oL9FSTvy64sA")
        #expect(message.realm == "example.org")
        #expect(!message.hasFingerprint)
        #expect(!message.hasValidFingerprint)
        let key = STUNIntegrityKey.longTerm(username: username, realm: "example.org", password: "TheMatrIX")
        #expect(message.verifyIntegrity(key: key))
        #expect(!message.verifyIntegrity(key: .longTerm(username: username, realm: "example.org", password: "thematrix")))
        #expect(try message.serialize(integrity: key) == RFC5769Samples.sampleLongTermRequest)
    }
}
