import BeepTestSupport
import Foundation
import Testing
@testable import BeepTURN

/// The "TURN REST API" credential scheme (coturn `use-auth-secret`) and its Base64.
@Suite struct TURNCredentialsTests {
    /// RFC 2202 §3, test_case 2 (HMAC-SHA-1): key "Jefe", data "what do ya want for nothing?".
    static let rfc2202Case2Digest = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"

    @Test func rfc2202Section3_passwordIsBase64OfHMACSHA1() throws {
        let digest = try #require(Fixtures.bytes(hex: Self.rfc2202Case2Digest))
        let expected = Data(digest).base64EncodedString()
        #expect(TURNCredentials.password(secret: "Jefe", username: "what do ya want for nothing?") == expected)
    }

    @Test func makeBuildsExpiryColonUserID() {
        let credentials = TURNCredentials.make(secret: "s3cret", userID: "room42-alice", ttl: .seconds(86_400),
                                               now: 1_700_000_000)
        #expect(credentials.username == "1700086400:room42-alice")
        #expect(credentials.expiresAt == 1_700_086_400)
        #expect(credentials.password == TURNCredentials.password(secret: "s3cret", username: credentials.username))
        #expect(credentials.password != TURNCredentials.password(secret: "other", username: credentials.username))
    }

    @Test func parseUsernameForms() {
        #expect(TURNCredentials.parseUsername("1700086400:alice")?.expiresAt == 1_700_086_400)
        #expect(TURNCredentials.parseUsername("1700086400:alice")?.userID == "alice")
        #expect(TURNCredentials.parseUsername("1700086400:a:b")?.userID == "a:b")
        #expect(TURNCredentials.parseUsername("1700086400")?.userID == "")
        #expect(TURNCredentials.parseUsername("alice") == nil)
        #expect(TURNCredentials.parseUsername(":alice") == nil)
        #expect(TURNCredentials.parseUsername("-5:alice") == nil)
        #expect(TURNCredentials.parseUsername("99999999999999999999999:alice") == nil)
    }

    /// RFC 4648 §10 test vectors.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func rfc4648Section10_base64Vectors(input: String, output: String) {
        #expect(TURNBase64.encode(Array(input.utf8)) == output)
    }
}
