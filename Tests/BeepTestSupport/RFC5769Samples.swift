/// The test vectors of RFC 5769 ("Test Vectors for Session Traversal Utilities for NAT (STUN)"),
/// §2.1-§2.4, pasted verbatim with the RFC's annotations; shared by the STUN and ICE tests.
public enum RFC5769Samples {
    /// RFC 5769 §2.1 "Sample Request". Note the USERNAME padding is 0x20, not zero.
    public static let sampleRequest = RFCHexDump.bytes("""
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
    public static let sampleIPv4Response = RFCHexDump.bytes("""
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
    public static let sampleIPv6Response = RFCHexDump.bytes("""
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
    public static let sampleLongTermRequest = RFCHexDump.bytes("""
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
}

/// Reads hex dumps laid out as in RFC 5769 §2: each line starts with up to four hex bytes,
/// followed by the RFC's annotation, which is ignored.
public enum RFCHexDump {
    /// The bytes of `dump`.
    public static func bytes(_ dump: String) -> [UInt8] {
        var out: [UInt8] = []
        for line in dump.split(separator: "\n") {
            for token in line.split(separator: " ").prefix(4) {
                guard token.count == 2, let byte = UInt8(token, radix: 16) else { break }
                out.append(byte)
            }
        }
        return out
    }
}
