import BeepDTLS
import Testing

@Suite struct DTLSFingerprintTests {
    /// The example attribute of RFC 4572 §5 (carried over by RFC 8122 §5), verbatim:
    /// `a=fingerprint:SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB`
    @Test func parsesTheRFC4572Section5Example() throws {
        let fingerprint = try #require(DTLSFingerprint(
            sdpValue: "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"))
        #expect(fingerprint.algorithm == "sha-1")
        #expect(fingerprint.hashFunction == .sha1)
        #expect(fingerprint.bytes == [0x4A, 0xAD, 0xB9, 0xB1, 0x3F, 0x82, 0x18, 0x3B, 0x54, 0x02,
                                      0x12, 0xDF, 0x3E, 0x5D, 0x49, 0x6B, 0x19, 0xE5, 0x7C, 0xAB])
        #expect(fingerprint.sdpValue == "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB")
    }

    @Test func roundTripsACertificateFingerprintAndAcceptsLowercaseHex() throws {
        let certificate = try DTLSCertificate()
        let fingerprint = certificate.fingerprint
        #expect(fingerprint.algorithm == "sha-256" && fingerprint.bytes.count == 32)
        #expect(DTLSFingerprint(sdpValue: fingerprint.sdpValue) == fingerprint)
        #expect(DTLSFingerprint(sdpValue: fingerprint.sdpValue.lowercased()) == fingerprint)
        #expect(certificate.fingerprint(.sha256) == fingerprint)
        #expect(certificate.fingerprint(.sha384)?.bytes.count == 48)
    }

    @Test(arguments: [
        "", "sha-256", "sha-256 ", "md5 4A:AD", "sha-1 4A:AD:B9",
        "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:00",
        "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AG",
        "sha-1 4AAD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C",
        "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB extra",
    ])
    func rejectsMalformedValues(_ value: String) {
        #expect(DTLSFingerprint(sdpValue: value) == nil)
    }

    /// Every certificate has a fresh key (RFC 8827 §6.5), so fingerprints differ.
    @Test func certificatesAreDistinctDER() throws {
        let first = try DTLSCertificate()
        let second = try DTLSCertificate()
        #expect(first.fingerprint != second.fingerprint)
        let der = first.derEncoded
        #expect(der.first == 0x30, "DER SEQUENCE")
        #expect(der.count > 200)
    }
}
