import BeepCalls
import Foundation
import Testing

/// `maxLayer`: a subscriber's wish for another participant's track reaches the SFU only when
/// that track is in the same call (docs/signalling.md, "Client → server").
@Suite("CallRoomsState: maxLayer")
struct CallRoomsMaxLayerTests {
    /// Alice (connection 1) and Bob (2) in the call; Bob publishes video. Returns their ids.
    func aliceAndBob(_ room: inout CallRoomsHarness) async throws -> (alice: ParticipantID, bob: ParticipantID) {
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        let bob = try #require(try await room.join(2, identity: "bob").sent(to: 2).first?.joined?.participantId)
        #expect(room.send(2, #"{"v":2,"type":"publish","kind":"video","trackId":"v","mid":"1"}"#).errors(to: 2).isEmpty)
        return (alice, bob)
    }

    @Test("a request for a published track becomes a media command, without a reply; null lifts it")
    func passedToTheSFU() async throws {
        var room = try CallRoomsHarness()
        let (alice, bob) = try await aliceAndBob(&room)
        let low = room.send(1, #"{"v":2,"id":"m","type":"maxLayer","participantId":"\#(bob.rawValue)","kind":"video","layer":"q"}"#)
        #expect(low.media == [.maxLayer(alice, publisher: bob, kind: .video, layer: .q)])
        #expect(low.recipients.isEmpty)
        let lifted = room.send(1, #"{"v":2,"type":"maxLayer","participantId":"\#(bob.rawValue)","kind":"video"}"#)
        #expect(lifted.media == [.maxLayer(alice, publisher: bob, kind: .video, layer: nil)])
    }

    @Test("an unpublished kind, an unknown participant or one's own track is refused with inReplyTo")
    func refusals() async throws {
        var room = try CallRoomsHarness()
        let (alice, bob) = try await aliceAndBob(&room)
        let screen = room.send(1, #"{"v":2,"id":"s","type":"maxLayer","participantId":"\#(bob.rawValue)","kind":"screen","layer":"q"}"#)
        #expect(screen.errors(to: 1) == [.notPublished] && screen.media.isEmpty)
        #expect(screen.sent(to: 1).first?.inReplyTo == "s")
        let unknown = room.send(1, #"{"v":2,"type":"maxLayer","participantId":"p999","kind":"video","layer":"q"}"#)
        #expect(unknown.errors(to: 1) == [.notPublished] && unknown.media.isEmpty)
        let own = room.send(1, #"{"v":2,"type":"maxLayer","participantId":"\#(alice.rawValue)","kind":"video","layer":"q"}"#)
        #expect(own.errors(to: 1) == [.badRequest] && own.media.isEmpty)
    }

    @Test("a watcher, or a participant of another room, cannot ask")
    func outsideTheCall() async throws {
        var room = try CallRoomsHarness()
        let (_, bob) = try await aliceAndBob(&room)
        _ = try await room.join(3, identity: "walter", media: false)
        let watcher = room.send(3, #"{"v":2,"type":"maxLayer","participantId":"\#(bob.rawValue)","kind":"video","layer":"q"}"#)
        #expect(watcher.errors(to: 3) == [.notJoined] && watcher.media.isEmpty)
        _ = try await room.join(4, identity: "olga", room: "other")
        let elsewhere = room.send(4, #"{"v":2,"type":"maxLayer","participantId":"\#(bob.rawValue)","kind":"video","layer":"q"}"#)
        #expect(elsewhere.errors(to: 4) == [.notPublished] && elsewhere.media.isEmpty)
    }
}
