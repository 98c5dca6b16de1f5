import BeepUsers
import Foundation
import Testing

/// RFC 6238 Appendix B test vectors, verbatim (8 digits, X = 30, T0 = 0), with the per-mode
/// seeds of the RFC's reference code (errata 2866: 20, 32 and 64 ASCII bytes).
@Suite struct TOTPTests {
    static let seed20 = Array("12345678901234567890".utf8)
    static let seed32 = Array("12345678901234567890123456789012".utf8)
    static let seed64 = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    //  +-------------+--------------+------------------+----------+--------+
    //  |  Time (sec) |   UTC Time   | Value of T (hex) |   TOTP   |  Mode  |
    //  +-------------+--------------+------------------+----------+--------+
    static let appendixB: [(Int64, String, String, String, TOTP.Algorithm)] = [
        (59, "1970-01-01 00:00:59", "0000000000000001", "94287082", .sha1),
        (59, "1970-01-01 00:00:59", "0000000000000001", "46119246", .sha256),
        (59, "1970-01-01 00:00:59", "0000000000000001", "90693936", .sha512),
        (1111111109, "2005-03-18 01:58:29", "00000000023523EC", "07081804", .sha1),
        (1111111109, "2005-03-18 01:58:29", "00000000023523EC", "68084774", .sha256),
        (1111111109, "2005-03-18 01:58:29", "00000000023523EC", "25091201", .sha512),
        (1111111111, "2005-03-18 01:58:31", "00000000023523ED", "14050471", .sha1),
        (1111111111, "2005-03-18 01:58:31", "00000000023523ED", "67062674", .sha256),
        (1111111111, "2005-03-18 01:58:31", "00000000023523ED", "99943326", .sha512),
        (1234567890, "2009-02-13 23:31:30", "000000000273EF07", "89005924", .sha1),
        (1234567890, "2009-02-13 23:31:30", "000000000273EF07", "91819424", .sha256),
        (1234567890, "2009-02-13 23:31:30", "000000000273EF07", "93441116", .sha512),
        (2000000000, "2033-05-18 03:33:20", "0000000003F940AA", "69279037", .sha1),
        (2000000000, "2033-05-18 03:33:20", "0000000003F940AA", "90698825", .sha256),
        (2000000000, "2033-05-18 03:33:20", "0000000003F940AA", "38618901", .sha512),
        (20000000000, "2603-10-11 11:33:20", "0000000027BC86AA", "65353130", .sha1),
        (20000000000, "2603-10-11 11:33:20", "0000000027BC86AA", "77737706", .sha256),
        (20000000000, "2603-10-11 11:33:20", "0000000027BC86AA", "47863826", .sha512),
    ]

    @Test func rfc6238AppendixBVectors() {
        for (seconds, _, stepHex, expected, mode) in Self.appendixB {
            let seed = mode == .sha1 ? Self.seed20 : mode == .sha256 ? Self.seed32 : Self.seed64
            let totp = TOTP(secret: seed, digits: 8, period: 30, algorithm: mode)
            let time = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(totp.step(at: time) == Int64(stepHex, radix: 16), "T at \(seconds)")
            #expect(totp.code(at: time) == expected, "\(mode) at \(seconds)")
        }
    }

    @Test func rfc4226AppendixDHOTPValues() {
        // RFC 4226 Appendix D: secret "12345678901234567890", 6 digits, counters 0...9.
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let totp = TOTP(secret: Self.seed20)
        for (counter, code) in expected.enumerated() {
            #expect(totp.code(forStep: Int64(counter)) == code)
        }
    }

    @Test func matchingAllowsOneStepOfDriftOnly() {
        let totp = TOTP(secret: Self.seed20)
        let now = Date(timeIntervalSince1970: 1_800_000_015)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(for: totp.code(forStep: step), at: now) == step)
        #expect(totp.matchingStep(for: totp.code(forStep: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(for: totp.code(forStep: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(for: totp.code(forStep: step - 2), at: now) == nil)
        #expect(totp.matchingStep(for: "12345", at: now) == nil)
        #expect(totp.matchingStep(for: "12345a", at: now) == nil)
        #expect(totp.matchingStep(for: "", at: now) == nil)
    }

    @Test func provisioningURI() {
        let totp = TOTP(secret: Array("Hello!\u{DE}\u{AD}\u{BE}\u{EF}".utf8))
        let uri = totp.provisioningURI(account: "ann+1@example.com", issuer: "Beep Chat")
        #expect(uri.hasPrefix("otpauth://totp/Beep%20Chat:ann%2B1%40example.com?secret="))
        #expect(uri.hasSuffix("&issuer=Beep%20Chat&algorithm=SHA1&digits=6&period=30"))
    }

    @Test func base32RoundTripsAndMatchesRFC4648Vectors() {
        // RFC 4648 §10 (without padding).
        let vectors = [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
                       ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
        }
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
        #expect(Base32.decode("MZ1") == nil)
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}
