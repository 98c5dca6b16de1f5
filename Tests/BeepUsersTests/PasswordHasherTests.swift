@testable import BeepUsers
import Foundation
import Testing

/// scrypt through OpenSSL: RFC 7914 §12 vectors, the stored format and its bounds.
@Suite struct PasswordHasherTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func rfc7914Section12Vectors() throws {
        // scrypt (P="", S="", N=16, r=1, p=1, dkLen=64)
        let first = try PasswordHasher.scrypt(password: [], salt: [], n: 16, r: 1, p: 1, length: 64)
        #expect(Self.hex(first) == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                              + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
        // scrypt (P="pleaseletmein", S="SodiumChloride", N=16384, r=8, p=1, dkLen=64)
        let third = try PasswordHasher.scrypt(password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8),
                                              n: 16384, r: 8, p: 1, length: 64)
        #expect(Self.hex(third) == "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                              + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")
    }

    @Test func owaspParametersByDefault() async throws {
        let hasher = PasswordHasher()
        #expect(hasher.parameters == ScryptParameters(logN: 17, r: 8, p: 1))
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(stored.hasPrefix("$scrypt$ln=17,r=8,p=1$"))
        #expect(try await hasher.verify("correct horse battery staple", against: stored))
        #expect(try await hasher.verify("correct horse battery stapler", against: stored) == false)
    }

    @Test func saltsDifferAndLowerCostHashesAskForRehash() async throws {
        let cheap = PasswordHasher(parameters: .testingOnly)
        let a = try await cheap.hash("same password")
        let b = try await cheap.hash("same password")
        #expect(a != b)
        #expect(try await cheap.verify("same password", against: b))
        #expect(PasswordHasher().needsRehash(a))
        #expect(cheap.needsRehash(a) == false)
    }

    @Test(arguments: [
        "", "plain", "$scrypt$ln=10,r=8,p=1$", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        "$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "$scrypt$ln=10,r=999,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "$scrypt$ln=10,r=8,p=1$not base64$AAAA", "$scrypt$ln=x,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
    ])
    func malformedOrOutOfBoundsStoredHashesNeverMatch(stored: String) async throws {
        #expect(try await PasswordHasher(parameters: .testingOnly).verify("anything", against: stored) == false)
    }

    @Test func recoveryCodesNormalise() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10)
        for code in codes {
            #expect(code.count == 11)
            #expect(RecoveryCodes.normalise(code) != nil)
            #expect(RecoveryCodes.normalise(code.uppercased().replacingOccurrences(of: "-", with: " ")) == RecoveryCodes.normalise(code))
        }
        #expect(RecoveryCodes.normalise("short") == nil)
        #expect(RecoveryCodes.normalise("abcde-fghi1") == nil) // '1' is not in the alphabet
    }
}
