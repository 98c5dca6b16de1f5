import BeepCalls
import Crypto
import Foundation
import JWTKit
import Testing

@Suite("Join tokens (issue 4 item 4)")
struct JoinTokenTests {
    @Test("RFC 8032 §7.1 TEST 1 key pair: the fixture secret key yields the quoted public key")
    func rfc8032KeyPair() throws {
        let key = try CallTestFixtures.key(hex: CallTestFixtures.rfc8032Test1SecretKeyHex)
        #expect(Array(key.publicKey.rawRepresentation)
                == CallTestFixtures.bytes(hex: CallTestFixtures.rfc8032Test1PublicKeyHex))
    }

    @Test("create then verify returns the room, identity, name and permissions")
    func roundTrip() async throws {
        let token = try await CallTestFixtures.token(identity: "alice", name: "Alice A.",
                                                     permissions: [.publishAudio, .subscribe])
        let grant = try CallTestFixtures.issuer().verifier.verify(token, room: "general", now: CallTestFixtures.now)
        #expect(grant == JoinGrant(room: "general", identity: "alice", name: "Alice A.",
                                   permissions: [.publishAudio, .subscribe],
                                   expiresAt: CallTestFixtures.now.addingTimeInterval(600)))
        #expect(grant.allows(.audio))
        #expect(!grant.allows(.screen))
    }

    @Test("RFC 7519 §4.1.4: a token at or after exp is refused as token_expired")
    func expired() async throws {
        let token = try await CallTestFixtures.token(identity: "alice", lifetime: 60)
        let verifier = try CallTestFixtures.issuer().verifier
        #expect(try CallTestFixtures.refusal(token, room: "general", now: CallTestFixtures.now.addingTimeInterval(60))?
            .code == .expired)
        let error = try #require(try CallTestFixtures.refusal(token, room: "general", now: CallTestFixtures.now.addingTimeInterval(3_600)))
        #expect(error.code == .expired)
        #expect(error.signallingCode == .tokenExpired)
        #expect(throws: Never.self) {
            try verifier.verify(token, room: "general", now: CallTestFixtures.now.addingTimeInterval(59))
        }
    }

    @Test("a token for another room is refused as wrong_room")
    func otherRoom() async throws {
        let token = try await CallTestFixtures.token(room: "general", identity: "alice")
        let error = try #require(try CallTestFixtures.refusal(token, room: "random", now: CallTestFixtures.now))
        #expect(error.code == .wrongRoom)
        #expect(error.signallingCode == .wrongRoom)
    }

    @Test("RFC 8037 §3.1: a tampered payload fails the signature check (unauthorized)")
    func tamperedPayload() async throws {
        let token = try await CallTestFixtures.token(room: "general", identity: "alice",
                                                     permissions: [.subscribe])
        let parts = token.split(separator: ".").map(String.init)
        try #require(parts.count == 3)
        // Re-encode the payload with every permission: a privilege escalation attempt.
        let payload = try #require(Data(base64Encoded: base64(parts[1])))
        var json = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        json["perms"] = ["publishAudio", "publishVideo", "publishScreen", "subscribe"]
        let forged = try JSONSerialization.data(withJSONObject: json)
        let tampered = [parts[0], base64url(forged), parts[2]].joined(separator: ".")
        let error = try #require(try CallTestFixtures.refusal(tampered, room: "general", now: CallTestFixtures.now))
        #expect(error.code == .badSignature)
        #expect(error.signallingCode == .unauthorized)
    }

    @Test("a token signed by another key (RFC 8032 §7.1 TEST 2) is refused")
    func otherKey() async throws {
        let other = JoinTokenIssuer(privateKey: try CallTestFixtures.key(hex: CallTestFixtures.rfc8032Test2SecretKeyHex))
        let token = try await other.issue(room: "general", identity: "mallory", name: nil,
                                          issuedAt: CallTestFixtures.now)
        let error = try #require(try CallTestFixtures.refusal(token, room: "general", now: CallTestFixtures.now))
        #expect(error.code == .badSignature)
    }

    @Test("RFC 7515 §5.2: alg none, garbage and over-long tokens are refused as malformed", arguments: [
        // {"alg":"none","typ":"JWT"} . {"sub":"a","room":"general"} . (empty signature)
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhIiwicm9vbSI6ImdlbmVyYWwifQ.",
        "not-a-token",
        "a.b.c",
        "",
        String(repeating: "A", count: 5_000),
    ])
    func malformed(token: String) throws {
        let error = try #require(try CallTestFixtures.refusal(token, room: "general", now: CallTestFixtures.now))
        #expect(error.code == .malformed)
        #expect(error.signallingCode == .unauthorized)
    }

    @Test("jwt-kit's own verifier accepts the tokens this issuer signs")
    func jwtKitAcceptsOurTokens() async throws {
        let token = try await CallTestFixtures.token(identity: "alice", issuedAt: Date(), lifetime: 600)
        let keys = JWTKeyCollection()
        await keys.add(eddsa: EdDSA.PublicKey(backing: try CallTestFixtures.issuer().verifier.publicKey))
        let claims = try await keys.verify(token, as: JoinTokenClaims.self)
        #expect(claims.sub.value == "alice")
        #expect(claims.room == "general")
    }

    private func base64(_ base64url: String) -> String {
        var text = base64url.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return text
    }

    private func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
