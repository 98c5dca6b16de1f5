import BeepCalls
import Foundation
import Testing

@Suite("CallRoomsState: presence for watchers")
struct CallRoomsPresenceTests {
    @Test("a watcher sees everyone in the room's presence before joining media, then joins the call")
    func watcherThenJoin() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice")
        _ = try await room.join(2, identity: "bob")
        _ = try await room.join(3, identity: "carol")

        let watch = try await room.join(4, identity: "walter", media: false)
        let joined = try #require(watch.sent(to: 4).first?.joined)
        #expect(!joined.media)
        #expect(joined.participants.isEmpty)
        #expect(joined.presence.members == [
            PresenceMember(identity: "alice", name: "Alice", inCall: true),
            PresenceMember(identity: "bob", name: "Bob", inCall: true),
            PresenceMember(identity: "carol", name: "Carol", inCall: true),
            PresenceMember(identity: "walter", name: "Walter", inCall: false),
        ])
        #expect(watch.media.isEmpty)
        // The call members learn of the watcher through presence only.
        #expect(watch.sent(to: 1).map(\.message) == [.presence(joined.presence)])

        // The watcher is not sent call events.
        let publish = room.send(1, #"{"v":1,"type":"publish","kind":"audio","trackId":"mic","mid":"0"}"#)
        #expect(!publish.recipients.contains(4))

        // Joining media upgrades the same connection and keeps its participant id.
        let enter = try await room.join(4, identity: "walter", media: true, id: "up")
        let upgraded = try #require(enter.sent(to: 4).first?.joined)
        #expect(upgraded.media)
        #expect(upgraded.participantId == joined.participantId)
        #expect(upgraded.participants.map(\.identity) == ["alice", "bob", "carol"])
        #expect(upgraded.participants.first?.tracks.map(\.kind) == [.audio])
        #expect(enter.media.count == 1)
        #expect(enter.sent(to: 2).contains { if case .participantJoined = $0.message { true } else { false } })
        #expect(upgraded.presence.members.last == PresenceMember(identity: "walter", name: "Walter", inCall: true))
    }

    @Test("presence is per room: nothing of a room reaches connections of another room")
    func roomsAreSeparate() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice", room: "general")
        let other = try await room.join(2, identity: "bob", room: "random")
        #expect(other.recipients == [2])
        #expect(other.sent(to: 2).first?.joined?.presence.members.map(\.identity) == ["bob"])
        #expect(room.state.presence(ofRoom: "general")?.members.map(\.identity) == ["alice"])
    }

    @Test("two connections of one identity are one presence member, in the call if either is")
    func oneMemberPerIdentity() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice", media: false)
        let second = try await room.join(2, identity: "alice", media: true)
        #expect(second.sent(to: 2).first?.joined?.presence.members
                == [PresenceMember(identity: "alice", name: "Alice", inCall: true)])
        #expect(second.sent(to: 1).compactMap(\.presence).count == 1)
    }
}
