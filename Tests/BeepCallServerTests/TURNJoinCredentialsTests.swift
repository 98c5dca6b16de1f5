import BeepCallServer
import BeepCalls
import BeepTURN
import Foundation
import Testing

/// The TURN credentials issued with a join (issue 6): REST-style username "expiry:identity",
/// a password Beep's TURN server accepts with the same secret, and the TURN URIs (RFC 7065 §3).
@Suite struct TURNJoinCredentialsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func usernameIsExpiryAndIdentityAndPasswordIsTheRESTHMAC() throws {
        let issuing = TURNJoinCredentials(secret: "s3cret", urls: ["turn:192.0.2.1:3478?transport=udp"], ttl: .seconds(3600))
        let server = try #require(issuing.iceServers(identity: "alice", now: Self.now).first)
        #expect(server.urls == ["turn:192.0.2.1:3478?transport=udp"])
        #expect(server.username == "1800003600:alice")
        let username = try #require(server.username)
        let parsed = try #require(TURNCredentials.parseUsername(username))
        #expect(parsed.expiresAt == 1_800_003_600 && parsed.userID == "alice")
        #expect(server.credential == TURNCredentials.password(secret: "s3cret", username: "1800003600:alice"))
        #expect(server.credential != TURNCredentials.password(secret: "other", username: "1800003600:alice"))
    }

    @Test func theIssuerUsesTheGrantsIdentity() {
        let issuing = TURNJoinCredentials(secret: "s", urls: ["turn:h:1?transport=tcp"], ttl: .seconds(60))
        let grant = JoinGrant(room: "r", identity: "bob", name: "Bob", permissions: [], expiresAt: Self.now)
        #expect(issuing.issuer.iceServers(for: grant, now: Self.now).first?.username == "1800000060:bob")
    }

    @Test func noURLsNoServers() {
        #expect(TURNJoinCredentials(secret: "s", urls: [], ttl: .seconds(60)).iceServers(identity: "a", now: Self.now).isEmpty)
    }

    @Test func urlsCoverUDPAndTCPAndTLSWhenConfigured() {
        #expect(TURNJoinCredentials.urls(host: "192.0.2.1", port: 3478, tlsPort: nil)
            == ["turn:192.0.2.1:3478?transport=udp", "turn:192.0.2.1:3478?transport=tcp"])
        #expect(TURNJoinCredentials.urls(host: "2001:db8::1", port: 3478, tlsPort: 5349)
            == ["turn:[2001:db8::1]:3478?transport=udp", "turn:[2001:db8::1]:3478?transport=tcp",
                "turns:[2001:db8::1]:5349?transport=tcp"])
    }
}
