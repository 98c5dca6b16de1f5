import BeepSTUN
import BeepWire
import Testing

/// The test vectors of RFC 5769 ("Test Vectors for Session Traversal Utilities for NAT
/// (STUN)"), §2.1-§2.4, pasted verbatim with the RFC's annotations.
struct RFC5769VectorTests {
    /// RFC 5769 §2.1 "Sample Request". Note the USERNAME padding is 0x20, not zero.
    static let sampleRequest = RFCHexDump.bytes("""
          00 01 00 58     Request type and message length
          21 12 a4 42     Magic cookie
          b7 e7 a7 01  }
          bc 34 d6 86  }  Transaction ID
          fa 87 df ae  }
          80 22 00 10     SOFTWARE attribute header
          53 54 55 4e  }
          20 74 65 73  }  User-agent...
          74 20 63 6c  }  ...name
          69 65 6e 74  }
          00 24 00 04     PRIORITY attribute header
          6e 00 01 ff     ICE priority value
          80 29 00 08     ICE-CONTROLLED attribute header
          93 2f f9 b1  }  Pseudo-random tie breaker...
          51 26 3b 36  }   ...for ICE control
          00 06 00 09     USERNAME attribute header
          65 76 74 6a  }
          3a 68 36 76  }  Username (9 bytes) and padding (3 bytes)
          59 20 20 20  }
          00 08 00 14     MESSAGE-INTEGRITY attribute header
          9a ea a7 0c  }
          bf d8 cb 56  }
          78 1e f2 b5  }  HMAC-SHA1 fingerprint
          b2 d3 f2 49  }
          c1 b5 71 a2  }
          80 28 00 04     FINGERPRINT attribute header
          e5 7a 3b cf     CRC32 fingerprint
        """)

    /// RFC 5769 §2.2 "Sample IPv4 Response".
    static let sampleIPv4Response = RFCHexDump.bytes("""
          01 01 00 3c     Response type and message length
          21 12 a4 42     Magic cookie
          b7 e7 a7 01  }
          bc 34 d6 86  }  Transaction ID
          fa 87 df ae  }
          80 22 00 0b     SOFTWARE attribute header
          74 65 73 74  }
          20 76 65 63  }  UTF-8 server name
          74 6f 72 20  }
          00 20 00 08     XOR-MAPPED-ADDRESS attribute header
          00 01 a1 47     Address family (IPv4) and xor'd mapped port number
          e1 12 a6 43     Xor'd mapped IPv4 address
          00 08 00 14     MESSAGE-INTEGRITY attribute header
          2b 91 f5 99  }
          fd 9e 90 c3  }
          8c 74 89 f9  }  HMAC-SHA1 fingerprint
          2a f9 ba 53  }
          f0 6b e7 d7  }
          80 28 00 04     FINGERPRINT attribute header
          c0 7d 4c 96     CRC32 fingerprint
        """)

    /// RFC 5769 §2.3 "Sample IPv6 Response".
    static let sampleIPv6Response = RFCHexDump.bytes("""
          01 01 00 48     Response type and message length
          21 12 a4 42     Magic cookie
          b7 e7 a7 01  }
          bc 34 d6 86  }  Transaction ID
          fa 87 df ae  }
          80 22 00 0b     SOFTWARE attribute header
          74 65 73 74  }
          20 76 65 63  }  UTF-8 server name
          74 6f 72 20  }
          00 20 00 14     XOR-MAPPED-ADDRESS attribute header
          00 02 a1 47     Address family (IPv6) and xor'd mapped port number
          01 13 a9 fa  }
          a5 d3 f1 79  }  Xor'd mapped IPv6 address
          bc 25 f4 b5  }
          be d2 b9 d9  }
          00 08 00 14     MESSAGE-INTEGRITY attribute header
          a3 82 95 4e  }
          4b e6 7b f1  }
          17 84 c9 7c  }  HMAC-SHA1 fingerprint
          82 92 c2 75  }
          bf e3 ed 41  }
          80 28 00 04     FINGERPRINT attribute header
          c8 fb 0b 4c     CRC32 fingerprint
        """)

    /// RFC 5769 §2.4 "Sample Request with Long-Term Authentication".
    static let sampleLongTermRequest = RFCHexDump.bytes("""
          00 01 00 60     Request type and message length
          21 12 a4 42     Magic cookie
          78 ad 34 33  }
          c6 ad 72 c0  }  Transaction ID
          29 da 41 2e  }
          00 06 00 12     USERNAME attribute header
          e3 83 9e e3  }
          83 88 e3 83  }
          aa e3 83 83  }  Username value (18 bytes) and padding (2 bytes)
          e3 82 af e3  }
          82 b9 00 00  }
          00 15 00 1c     NONCE attribute header
          66 2f 2f 34  }
          39 39 6b 39  }
          35 34 64 36  }
          4f 4c 33 34  }  Nonce value
          6f 4c 39 46  }
          53 54 76 79  }
          36 34 73 41  }
          00 14 00 0b     REALM attribute header
          65 78 61 6d  }
          70 6c 65 2e  }  Realm value (11 bytes) and padding (1 byte)
          6f 72 67 00  }
          00 08 00 14     MESSAGE-INTEGRITY attribute header
          f6 70 24 65  }
          6d d6 4a 3e  }
          02 b8 e0 71  }  HMAC-SHA1 fingerprint
          2e 85 c9 a2  }
          8c a8 96 66  }
        """)

    /// RFC 5769 §2.1-§2.3: "The password is 'VOkJxbRl1RmTxUk/WvJxBt'".
    static let shortTermKey = STUNIntegrityKey.shortTerm(password: "VOkJxbRl1RmTxUk/WvJxBt")
    /// RFC 5769 §2.1-§2.3 transaction ID.
    static let transactionID = STUNTransactionID(high: 0xb7e7_a701, low: 0xbc34_d686_fa87_dfae)

    @Test("RFC 5769 §2: the dumps have the sizes their headers announce")
    func dumpSizes() {
        #expect(Self.sampleRequest.count == 20 + 0x58)
        #expect(Self.sampleIPv4Response.count == 20 + 0x3c)
        #expect(Self.sampleIPv6Response.count == 20 + 0x48)
        #expect(Self.sampleLongTermRequest.count == 20 + 0x60)
    }

    @Test("RFC 5769 §2.1 sample request: attributes, MESSAGE-INTEGRITY, FINGERPRINT")
    func sampleRequest() throws {
        let message = try STUNMessage.parse(Self.sampleRequest)
        #expect(STUNMessage.isSTUN(Self.sampleRequest))
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
        let message = try STUNMessage.parse(Self.sampleRequest)
        let bytes = try message.serialize(integrity: Self.shortTermKey, fingerprint: true)
        #expect(bytes == Self.sampleRequest)
    }

    @Test("RFC 5769 §2.1 sample request rebuilt from scratch: zero padding, verifies, same attributes")
    func sampleRequestRebuilt() throws {
        let rebuilt = STUNMessage(method: .binding, messageClass: .request, transactionID: Self.transactionID,
                                  attributes: [.software("STUN test client"), .priority(0x6e00_01ff),
                                               .iceControlled(tieBreaker: 0x932f_f9b1_5126_3b36),
                                               .username("evtj:h6vY")])
        let bytes = try rebuilt.serialize(integrity: Self.shortTermKey, fingerprint: true)
        #expect(bytes.count == Self.sampleRequest.count)
        // Up to the USERNAME padding (bytes 73-75, 0x20 in the RFC dump) everything matches;
        // the padding is zero here, so the MESSAGE-INTEGRITY and FINGERPRINT values differ.
        #expect(bytes[0..<73] == Self.sampleRequest[0..<73])
        #expect(bytes[73..<76] == [0, 0, 0])
        #expect(Self.sampleRequest[73..<76] == [0x20, 0x20, 0x20])
        #expect(bytes[76..<80] == Self.sampleRequest[76..<80])
        let reparsed = try STUNMessage.parse(bytes)
        #expect(reparsed.verifyIntegrity(key: Self.shortTermKey))
        #expect(reparsed.hasValidFingerprint)
        #expect(reparsed.attributes.prefix(4) == rebuilt.attributes[...])
    }

    @Test("RFC 5769 §2.2 sample IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853")
    func sampleIPv4Response() throws {
        let message = try STUNMessage.parse(Self.sampleIPv4Response)
        #expect(message.method == .binding)
        #expect(message.messageClass == .successResponse)
        #expect(message.transactionID == Self.transactionID)
        #expect(message.software == "test vector")
        #expect(message.xorMappedAddress == STUNAddress.ipv4(192, 0, 2, 1, port: 32853))
        #expect(message.xorMappedAddress?.description == "192.0.2.1:32853")
        #expect(message.verifyIntegrity(key: Self.shortTermKey))
        #expect(message.hasValidFingerprint)
        #expect(try message.serialize(integrity: Self.shortTermKey, fingerprint: true) == Self.sampleIPv4Response)
    }

    @Test("RFC 5769 §2.3 sample IPv6 response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853")
    func sampleIPv6Response() throws {
        let message = try STUNMessage.parse(Self.sampleIPv6Response)
        #expect(message.messageClass == .successResponse)
        #expect(message.software == "test vector")
        let expected = STUNAddress.ipv6([0x2001, 0x0db8, 0x1234, 0x5678, 0x0011, 0x2233, 0x4455, 0x6677], port: 32853)
        #expect(message.xorMappedAddress == expected)
        #expect(message.xorMappedAddress?.description == "[2001:db8:1234:5678:11:2233:4455:6677]:32853")
        #expect(message.verifyIntegrity(key: Self.shortTermKey))
        #expect(message.hasValidFingerprint)
        #expect(try message.serialize(integrity: Self.shortTermKey, fingerprint: true) == Self.sampleIPv6Response)
    }

    /// The §2.4 username bytes are U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 ("マトリックス");
    /// the password "The<U+00AD>M<U+00AA>tr<U+2168>" SASLprep'd is "TheMatrIX".
    @Test("RFC 5769 §2.4 long-term request: USERNAME, NONCE, REALM, MD5 long-term key, re-serialization")
    func sampleLongTermRequest() throws {
        let message = try STUNMessage.parse(Self.sampleLongTermRequest)
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
        #expect(try message.serialize(integrity: key) == Self.sampleLongTermRequest)
    }
}
