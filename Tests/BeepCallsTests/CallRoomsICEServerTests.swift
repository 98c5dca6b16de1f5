import BeepCalls
import Foundation
import Testing

/// `joined` carries the TURN servers the issuer hands out, to participants entering the call
/// only (docs/signalling.md, "joined" and "ICEServer"; issue 6).
@Suite("Call rooms: iceServers in joined")
struct CallRoomsICEServerTests {
    /// An issuer that names the identity and the time in its entry, so the test sees both.
    static let issuer = ICEServerIssuer { grant, now in
        [ICEServer(urls: ["turn:192.0.2.1:3478?transport=udp", "turn:192.0.2.1:3478?transport=tcp"],
                   username: "\(Int64(now.timeIntervalSince1970) + 60):\(grant.identity)", credential: "pw-\(grant.identity)")]
    }

    func harness() throws -> CallRoomsHarness {
        var harness = try CallRoomsHarness()
        harness.state = CallRoomsState(verifier: try CallTestFixtures.issuer().verifier, iceServerIssuer: Self.issuer)
        return harness
    }

    @Test("a participant joining the call gets iceServers for its identity")
    func joiningTheCallGetsICEServers() async throws {
        var room = try harness()
        let joined = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        #expect(joined.iceServers == [ICEServer(urls: ["turn:192.0.2.1:3478?transport=udp", "turn:192.0.2.1:3478?transport=tcp"],
                                                username: "1800000060:alice", credential: "pw-alice")])
        let bob = try #require(try await room.join(2, identity: "bob").sent(to: 2).first?.joined)
        #expect(bob.iceServers.first?.username == "1800000060:bob")
    }

    @Test("a watcher gets none, and gets them when it enters the call")
    func watchersGetNone() async throws {
        var room = try harness()
        let watching = try #require(try await room.join(1, identity: "carol", media: false).sent(to: 1).first?.joined)
        #expect(watching.iceServers.isEmpty)
        let entering = try #require(try await room.join(1, identity: "carol", media: true, id: "j2").sent(to: 1).first?.joined)
        #expect(entering.iceServers.first?.credential == "pw-carol")
    }

    @Test("without an issuer joined has no iceServers field on the wire")
    func noIssuerNoField() async throws {
        var room = try CallRoomsHarness()
        let reply = try #require(try await room.join(1, identity: "alice").sent(to: 1).first)
        #expect(reply.joined?.iceServers == [])
        #expect(!String(decoding: reply.jsonFrame(), as: UTF8.self).contains("iceServers"))
    }
}
