import BeepCalls
import Foundation
import Testing

@Suite("CallRoomsState: refused and out-of-order messages")
struct CallRoomsRefusalTests {
    static let callMessages = [
        #"{"v":1,"id":"x","type":"offer","sdp":"v=0"}"#,
        #"{"v":1,"id":"x","type":"answer","sdp":"v=0"}"#,
        #"{"v":1,"id":"x","type":"candidate","candidate":"candidate:1 1 udp 1 192.0.2.1 9 typ host"}"#,
        #"{"v":1,"id":"x","type":"endOfCandidates"}"#,
        #"{"v":1,"id":"x","type":"publish","kind":"audio","trackId":"t","mid":"0"}"#,
        #"{"v":1,"id":"x","type":"unpublish","kind":"audio"}"#,
        #"{"v":1,"id":"x","type":"mute","kind":"audio","muted":true}"#,
        #"{"v":1,"id":"x","type":"leave"}"#,
    ]

    @Test("call messages before join get not_joined with inReplyTo", arguments: callMessages)
    func beforeJoin(json: String) throws {
        var room = try CallRoomsHarness()
        let outputs = room.send(1, json)
        #expect(outputs.media.isEmpty)
        #expect(outputs.sent(to: 1).map(\.inReplyTo) == ["x"])
        #expect(outputs.errors(to: 1) == [.notJoined])
    }

    @Test("call messages from a watcher get not_joined", arguments: callMessages)
    func fromWatcher(json: String) async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "walter", media: false)
        let outputs = room.send(1, json)
        #expect(outputs.media.isEmpty)
        #expect(outputs.errors(to: 1) == [.notJoined])
    }

    @Test("ping works before join")
    func pingBeforeJoin() throws {
        var room = try CallRoomsHarness()
        #expect(room.send(1, #"{"v":1,"id":"8","type":"ping"}"#).sent(to: 1) == [ServerEnvelope(inReplyTo: "8", message: .pong)])
    }

    @Test("publishing a kind the token does not allow is forbidden_kind", arguments: [TrackKind.video, .screen])
    func forbiddenKind(kind: TrackKind) async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice", permissions: [.publishAudio, .subscribe])
        _ = try await room.join(2, identity: "bob")
        let outputs = room.send(1, #"{"v":1,"id":"s","type":"publish","kind":"\#(kind.rawValue)","trackId":"t","mid":"2"}"#)
        #expect(outputs.errors(to: 1) == [.forbiddenKind])
        #expect(outputs.sent(to: 1).first?.inReplyTo == "s")
        #expect(outputs.media.isEmpty)
        #expect(outputs.recipients == [1])
        #expect(room.send(1, #"{"v":1,"type":"publish","kind":"audio","trackId":"t","mid":"0"}"#).errors(to: 1).isEmpty)
    }

    @Test("duplicate join, watch-after-watch and join for another room are already_joined")
    func duplicateJoin() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice")
        #expect(try await room.join(1, identity: "alice").errors(to: 1) == [.alreadyJoined])
        #expect(try await room.join(1, identity: "alice", media: false).errors(to: 1) == [.alreadyJoined])
        #expect(try await room.join(1, identity: "alice", room: "random").errors(to: 1) == [.alreadyJoined])
        _ = try await room.join(2, identity: "walter", media: false)
        #expect(try await room.join(2, identity: "walter", media: false).errors(to: 2) == [.alreadyJoined])
        #expect(room.state.presence(ofRoom: "general")?.members.count == 2)
        #expect(room.state.presence(ofRoom: "random") == nil)
    }

    @Test("invalid, expired and other-room tokens are refused and reveal nothing of the room")
    func badTokens() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice")
        let expired = try await CallTestFixtures.token(identity: "eve", issuedAt: CallTestFixtures.now.addingTimeInterval(-700))
        let otherRoom = try await CallTestFixtures.token(room: "random", identity: "eve")
        let cases: [(String, SignallingErrorCode)] = [
            (expired, .tokenExpired), (otherRoom, .wrongRoom), ("garbage", .unauthorized),
        ]
        for (token, code) in cases {
            let outputs = room.send(9, #"{"v":1,"id":"e","type":"join","token":"\#(token)","room":"general"}"#)
            #expect(outputs.recipients == [9])
            #expect(outputs.errors(to: 9) == [code])
            #expect(outputs.media.isEmpty)
        }
        #expect(room.state.presence(ofRoom: "general")?.members.map(\.identity) == ["alice"])
        #expect(room.send(9, #"{"v":1,"type":"mute","kind":"audio","muted":true}"#).errors(to: 9) == [.notJoined])
    }

    @Test("unpublish or mute of an unpublished kind is not_published; a second publish is already_published")
    func publishState() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice")
        #expect(room.send(1, #"{"v":1,"type":"mute","kind":"video","muted":true}"#).errors(to: 1) == [.notPublished])
        #expect(room.send(1, #"{"v":1,"type":"unpublish","kind":"screen"}"#).errors(to: 1) == [.notPublished])
        #expect(room.send(1, #"{"v":1,"type":"publish","kind":"screen","trackId":"s","mid":"2"}"#).errors(to: 1).isEmpty)
        #expect(room.send(1, #"{"v":1,"type":"publish","kind":"screen","trackId":"s2","mid":"3"}"#).errors(to: 1) == [.alreadyPublished])
        let stop = room.send(1, #"{"v":1,"type":"unpublish","kind":"screen"}"#)
        #expect(stop.errors(to: 1).isEmpty)
        #expect(stop.media.count == 1)
    }

    @Test("malformed, oversized and binary frames get an error reply and change nothing")
    func badFrames() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice")
        let before = room.state.presence(ofRoom: "general")
        #expect(room.send(1, #"{"v":1,"id":"z","type":"dance"}"#).sent(to: 1)
                == [ServerEnvelope.error(SignallingError(.badRequest, "unknown message type `dance`"), inReplyTo: "z")])
        #expect(room.send(1, "not json").errors(to: 1) == [.badRequest])
        #expect(room.send(1, String(repeating: " ", count: 70_000)).errors(to: 1) == [.tooLarge])
        #expect(room.handle(.binaryFrame(ConnectionID(rawValue: 1))).errors(to: 1) == [.badRequest])
        #expect(room.state.presence(ofRoom: "general") == before)
        #expect(room.state.participant(of: ConnectionID(rawValue: 1))?.identity == "alice")
    }
}
