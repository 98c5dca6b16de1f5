import BeepSTUN
import BeepWire
import BeepTestSupport
import Testing

/// MESSAGE-INTEGRITY (RFC 8489 §14.5), MESSAGE-INTEGRITY-SHA256 (§14.6), FINGERPRINT (§14.7)
/// and credential keys (§9.1.1, §9.2.2, §14.4).
struct STUNIntegrityTests {
    static let key = STUNIntegrityKey.shortTerm(password: "ice-pwd-0123456789abcdef")

    static func request() -> STUNMessage {
        STUNMessage(method: .binding, messageClass: .request,
                    transactionID: STUNTransactionID(high: 1, low: 2),
                    attributes: [.username("remote:local"), .priority(0x6e7f_1eff),
                                 .iceControlling(tieBreaker: 0x1122_3344_5566_7788), .useCandidate])
    }

    @Test("RFC 8489 §14.6: MESSAGE-INTEGRITY-SHA256 round trip")
    func sha256RoundTrip() throws {
        let bytes = try Self.request().serialize(integrity: Self.key, integrityAlgorithms: [.hmacSHA256], fingerprint: true)
        let parsed = try STUNMessage.parse(bytes)
        #expect(parsed.hasIntegrity)
        #expect(parsed.verifyIntegrity(key: Self.key))
        #expect(parsed.verifyIntegrity(key: Self.key, algorithm: .hmacSHA256))
        #expect(!parsed.verifyIntegrity(key: Self.key, algorithm: .hmacSHA1))
        #expect(!parsed.verifyIntegrity(key: .shortTerm(password: "wrong")))
        #expect(parsed.hasValidFingerprint)
        #expect(parsed.attributes.map(\.type).suffix(2) == [.messageIntegritySHA256, .fingerprint])
    }

    @Test("RFC 8489 §14.5, §14.6: MESSAGE-INTEGRITY then MESSAGE-INTEGRITY-SHA256, both verify")
    func bothAlgorithms() throws {
        let bytes = try Self.request().serialize(integrity: Self.key, integrityAlgorithms: [.hmacSHA256, .hmacSHA1],
                                                 fingerprint: true)
        let parsed = try STUNMessage.parse(bytes)
        #expect(parsed.attributes.map(\.type).suffix(3) == [.messageIntegrity, .messageIntegritySHA256, .fingerprint])
        #expect(parsed.verifyIntegrity(key: Self.key, algorithm: .hmacSHA1))
        #expect(parsed.verifyIntegrity(key: Self.key, algorithm: .hmacSHA256))
        #expect(try parsed.serialize(integrity: Self.key, integrityAlgorithms: [.hmacSHA1, .hmacSHA256],
                                     fingerprint: true) == bytes)
    }

    @Test("RFC 8489 §14.5: any flipped bit before the MAC, or in it, fails verification", arguments: [
        STUNIntegrityAlgorithm.hmacSHA1, .hmacSHA256,
    ])
    func flippedBits(algorithm: STUNIntegrityAlgorithm) throws {
        let bytes = try Self.request().serialize(integrity: Self.key, integrityAlgorithms: [algorithm])
        #expect(try STUNMessage.parse(bytes).verifyIntegrity(key: Self.key))
        for index in bytes.indices {
            for bit in [0, 3, 7] {
                var flipped = bytes
                flipped[index] ^= UInt8(1 << bit)
                // A flip may make the message unparseable; if it still parses, it must not verify.
                if let parsed = try? STUNMessage.parse(flipped) {
                    #expect(!parsed.verifyIntegrity(key: Self.key), "byte \(index) bit \(bit)")
                }
            }
        }
    }

    @Test("RFC 8489 §14.7: a flipped bit anywhere fails the FINGERPRINT; FINGERPRINT is outside the MAC")
    func fingerprintFlips() throws {
        let bytes = try Self.request().serialize(integrity: Self.key, fingerprint: true)
        for index in bytes.indices {
            var flipped = bytes
            flipped[index] ^= 0x10
            if let parsed = try? STUNMessage.parse(flipped) {
                #expect(!parsed.hasValidFingerprint, "byte \(index)")
                if index >= bytes.count - 4 { #expect(parsed.verifyIntegrity(key: Self.key)) }
            }
        }
    }

    @Test("RFC 8489 §14.7: FINGERPRINT equals CRC-32 (BeepWire) of the preceding bytes XOR 0x5354554e")
    func fingerprintValue() throws {
        let bytes = try Self.request().serialize(fingerprint: true)
        let expected = CRC32.checksum(bytes.dropLast(8)) ^ 0x5354_554E
        let trailer = bytes.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(trailer == expected)
        #expect(try STUNMessage.parse(bytes).first(.fingerprint) == .fingerprint(expected))
    }

    @Test("RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY are ignored; FINGERPRINT after them still counts")
    func attributesAfterIntegrity() throws {
        var bytes = try Self.request().serialize(integrity: Self.key)
        // Append PRIORITY (0x0024) after MESSAGE-INTEGRITY.
        bytes += [0x00, 0x24, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef]
        RawSTUN.fixLength(&bytes)
        let parsed = try STUNMessage.parse(bytes)
        #expect(parsed.priority == 0x6e7f_1eff)
        #expect(parsed.all(.priority).count == 1)
        #expect(parsed.verifyIntegrity(key: Self.key))
        // Now a FINGERPRINT after the ignored attribute, computed by hand: length covers it.
        RawSTUN.fixLength(&bytes, extra: 8)
        let crc = CRC32.checksum(bytes) ^ 0x5354_554E
        bytes += [0x80, 0x28, 0x00, 0x04]
        bytes += [UInt8(truncatingIfNeeded: crc >> 24), UInt8(truncatingIfNeeded: crc >> 16),
                  UInt8(truncatingIfNeeded: crc >> 8), UInt8(truncatingIfNeeded: crc)]
        let withFingerprint = try STUNMessage.parse(bytes)
        #expect(withFingerprint.hasValidFingerprint)
        #expect(withFingerprint.verifyIntegrity(key: Self.key))
        #expect(withFingerprint.attributes.map(\.type).suffix(2) == [.messageIntegrity, .fingerprint])
    }

    @Test("RFC 8489 §14.7: nothing may follow FINGERPRINT")
    func attributeAfterFingerprint() throws {
        var bytes = try Self.request().serialize(fingerprint: true)
        bytes += [0x80, 0x22, 0x00, 0x00]
        RawSTUN.fixLength(&bytes)
        #expect(throws: WireError.self) { try STUNMessage.parse(bytes) }
    }

    @Test("verification needs received bytes: built or modified messages report false")
    func notReceived() throws {
        #expect(!Self.request().verifyIntegrity(key: Self.key))
        #expect(!Self.request().hasValidFingerprint)
        var parsed = try STUNMessage.parse(try Self.request().serialize(integrity: Self.key, fingerprint: true))
        #expect(parsed.isReceived)
        parsed.attributes.append(.software("tampered"))
        #expect(!parsed.isReceived)
        #expect(!parsed.verifyIntegrity(key: Self.key))
        #expect(!parsed.hasValidFingerprint)
        let unsigned = try STUNMessage.parse(try Self.request().serialize())
        #expect(!unsigned.hasIntegrity)
        #expect(!unsigned.verifyIntegrity(key: Self.key))
    }

    /// Expected digests computed independently with Python's hashlib:
    /// `hashlib.sha256("マトリックス:example.org:TheMatrIX".encode()).hexdigest()` and
    /// `hashlib.sha256("マトリックス:example.org".encode()).hexdigest()`.
    @Test("RFC 8489 §9.2.2, §18.5.1.2, §14.4: SHA-256 long-term key and USERHASH")
    func sha256Keys() {
        let username = "\u{30DE}\u{30C8}\u{30EA}\u{30C3}\u{30AF}\u{30B9}"
        let key = STUNIntegrityKey.longTerm(username: username, realm: "example.org", password: "TheMatrIX", hash: .sha256)
        #expect(key.bytes == Fixtures.bytes(hex: "dd295a613b9058c3c23d6dc7165bda072304d989c9d0af3a8c7e184b4f9bb4a1"))
        let md5 = STUNIntegrityKey.longTerm(username: username, realm: "example.org", password: "TheMatrIX")
        #expect(md5.bytes == Fixtures.bytes(hex: "e8ca7ad59d5eb0518e312911d2dab2a9"))
        #expect(STUNUserHash.compute(username: username, realm: "example.org")
                == Fixtures.bytes(hex: "4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704"))
        #expect(STUNIntegrityKey.LongTermHash(.sha256) == .sha256)
        #expect(STUNIntegrityKey.LongTermHash(STUNPasswordAlgorithm(algorithm: 7)) == nil)
        #expect(!key.description.contains("dd29"))
    }

    @Test("RFC 8489 §14.6: a truncated MESSAGE-INTEGRITY-SHA256 (16-28 bytes) parses; lengths outside do not")
    func sha256Lengths() throws {
        for length in stride(from: 16, through: 32, by: 4) {
            let bytes = RawSTUN.message(attributes: [(0x001C, [UInt8](repeating: 7, count: length))])
            let parsed = try STUNMessage.parse(bytes)
            #expect(parsed.hasIntegrity)
            #expect(!parsed.verifyIntegrity(key: Self.key))
        }
        for length in [0, 12, 18, 36] {
            let bytes = RawSTUN.message(attributes: [(0x001C, [UInt8](repeating: 7, count: length))])
            #expect(throws: WireError.self) { try STUNMessage.parse(bytes) }
        }
    }
}
