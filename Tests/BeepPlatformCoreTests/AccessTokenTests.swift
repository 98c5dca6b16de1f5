import BeepPlatformCore
import Crypto
import Foundation
import JWTKit
import Testing

/// JWT negatives (issue 8, "Must show"): alg none, another key, wrong aud, wrong typ, expired.
@Suite struct AccessTokenTests {
    let key = AccessTokenSigningKey.generate()
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var issuer: AccessTokenIssuer { AccessTokenIssuer(key: key) }
    let user = Snowflake(rawValue: 123_456)
    let session = Snowflake(rawValue: 777)

    func claims(iss: String = "beep", aud: String = "beep-api", typ: String = "access",
                exp: TimeInterval = 600) -> AccessTokenClaims {
        AccessTokenClaims(iss: iss, aud: aud, sub: user.description, exp: now.addingTimeInterval(exp),
                          iat: now, typ: typ, sid: session.description)
    }

    @Test func validTokenVerifies() async throws {
        let (token, expiresAt) = try await issuer.issue(user: user, session: session, now: now)
        #expect(expiresAt == now.addingTimeInterval(900))
        let verified = try issuer.verifier.verify(token, now: now.addingTimeInterval(899))
        #expect(verified.sub.value == "123456")
        #expect(verified.sid == "777")
    }

    func refusal(_ token: String, at time: Date? = nil) -> AccessTokenError.Code? {
        do {
            _ = try issuer.verifier.verify(token, now: time ?? now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func expiredIsRefused() async throws {
        let (token, _) = try await issuer.issue(user: user, session: session, now: now)
        #expect(refusal(token, at: now.addingTimeInterval(900)) == .expired)
        #expect(refusal(token, at: now.addingTimeInterval(100_000)) == .expired)
    }

    @Test func algNoneIsRefused() async throws {
        let (token, _) = try await issuer.issue(user: user, session: session, now: now)
        let payload = token.split(separator: ".")[1]
        let header = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT","kid":"\#(key.kid)"}"#.utf8))
        #expect(refusal("\(header).\(payload).") == .algorithm)
        // The same with the real signature kept: still refused on alg.
        let signature = token.split(separator: ".")[2]
        #expect(refusal("\(header).\(payload).\(signature)") == .algorithm)
    }

    @Test func hs256WithThePublicKeyAsSecretIsRefused() async throws {
        // Algorithm confusion (RFC 8725 §2.1): an HMAC token keyed with public key bytes.
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: SymmetricKey(data: key.privateKey.publicKey.rawRepresentation)),
                       digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.kid))
        let token = try await keys.sign(claims(), kid: JWKIdentifier(string: key.kid))
        #expect(refusal(token) == .algorithm)
    }

    @Test func anotherKeyIsRefused() async throws {
        let other = AccessTokenSigningKey.generate()
        let token = try await AccessTokenIssuer.sign(claims(), with: other)
        #expect(refusal(token) == .unknownKey)
        // Another key that claims our kid: the signature check catches it.
        let keys = JWTKeyCollection()
        await keys.add(eddsa: EdDSA.PrivateKey(backing: other.privateKey), kid: JWKIdentifier(string: key.kid))
        let forged = try await keys.sign(claims(), kid: JWKIdentifier(string: key.kid))
        #expect(refusal(forged) == .badSignature)
    }

    @Test func wrongAudienceIssuerAndTypeAreRefused() async throws {
        #expect(refusal(try await AccessTokenIssuer.sign(claims(aud: "beep-call"), with: key)) == .wrongAudience)
        #expect(refusal(try await AccessTokenIssuer.sign(claims(iss: "evil"), with: key)) == .wrongIssuer)
        #expect(refusal(try await AccessTokenIssuer.sign(claims(typ: "refresh"), with: key)) == .wrongType)
    }

    @Test func tamperedPayloadIsRefused() async throws {
        let (token, _) = try await issuer.issue(user: user, session: session, now: now)
        let parts = token.split(separator: ".").map(String.init)
        let json = String(decoding: Base64URL.decode(parts[1]) ?? Data(), as: UTF8.self)
            .replacingOccurrences(of: "123456", with: "123457")
        let tampered = [parts[0], Base64URL.encode(Array(json.utf8)), parts[2]].joined(separator: ".")
        #expect(refusal(tampered) == .badSignature)
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c.d", "...", String(repeating: "a", count: 5000), "eyJhbGciOiJFZERTQSJ9.e30.AAAA"])
    func malformedIsRefused(token: String) {
        #expect(refusal(token) != nil)
    }

    @Test func jwksRoundTripsToAVerifier() async throws {
        let data = try JSONEncoder().encode(issuer.jwks)
        let jwks = try JSONDecoder().decode(PublicJWKSet.self, from: data)
        #expect(jwks.keys.count == 1)
        #expect(jwks.keys[0].kty == "OKP" && jwks.keys[0].crv == "Ed25519" && jwks.keys[0].kid == key.kid)
        let verifier = AccessTokenVerifier(jwks: jwks)
        let (token, _) = try await issuer.issue(user: user, session: session, now: now)
        #expect(try verifier.verify(token, now: now).sub.value == user.description)
    }
}
