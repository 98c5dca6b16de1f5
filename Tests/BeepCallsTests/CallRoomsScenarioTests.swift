import BeepCalls
import Foundation
import Testing

/// The call scenarios of issue 4 ("Must show") at the signalling level.
@Suite("CallRoomsState: three-participant call")
struct CallRoomsScenarioTests {
    @Test("three participants join; each later joiner sees the earlier ones, the others get participantJoined")
    func threeJoin() async throws {
        var room = try CallRoomsHarness()
        let a = try await room.join(1, identity: "alice")
        let aJoined = try #require(a.sent(to: 1).first?.joined)
        #expect(aJoined.participants.isEmpty)
        #expect(a.sent(to: 1).first?.inReplyTo == "j")
        #expect(a.media == [.participantJoined(room: "general", participant: aJoined.participantId, identity: "alice",
                                               permissions: Set(CallPermission.allCases))])
        _ = try await room.join(2, identity: "bob")
        let c = try await room.join(3, identity: "carol")
        let cJoined = try #require(c.sent(to: 3).first?.joined)
        #expect(cJoined.participants.map(\.identity) == ["alice", "bob"])
        #expect(cJoined.presence.members.map(\.identity) == ["alice", "bob", "carol"])
        for other: UInt64 in [1, 2] {
            let messages = c.sent(to: other)
            #expect(messages.contains { $0.message == .participantJoined(ParticipantInfo(
                participantId: cJoined.participantId, identity: "carol", name: "Carol", tracks: [])) })
            #expect(messages.compactMap(\.presence).last?.members.count == 3)
        }
        // Participant ids are distinct.
        #expect(Set([aJoined.participantId, cJoined.participantId]).count == 2)
    }

    @Test("publish and mute are broadcast to the whole call within the same step")
    func publishAndMute() async throws {
        var room = try CallRoomsHarness()
        let aID = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        _ = try await room.join(2, identity: "bob")
        _ = try await room.join(3, identity: "carol")

        let publish = room.send(1, #"{"v":1,"id":"p","type":"publish","kind":"audio","trackId":"mic","mid":"0"}"#)
        let track = TrackInfo(kind: .audio, trackId: "mic", mid: "0", muted: false)
        #expect(publish.media == [.publish(aID, track)])
        #expect(publish.recipients == [1, 2, 3])
        #expect(publish.sent(to: 1) == [ServerEnvelope(inReplyTo: "p", message: .trackPublished(participantId: aID, track: track))])
        #expect(publish.sent(to: 2) == [ServerEnvelope(message: .trackPublished(participantId: aID, track: track))])

        let mute = room.send(1, #"{"v":1,"id":"m","type":"mute","kind":"audio","muted":true}"#)
        #expect(mute.media == [.mute(aID, kind: .audio, muted: true)])
        for member: UInt64 in [2, 3] {
            #expect(mute.sent(to: member) == [ServerEnvelope(message: .muteChanged(participantId: aID, kind: .audio, muted: true))])
        }
        #expect(mute.sent(to: 1).first?.inReplyTo == "m")
        // A late joiner sees the track muted.
        let d = try await room.join(4, identity: "dave")
        let alice = try #require(d.sent(to: 4).first?.joined?.participants.first { $0.participantId == aID })
        #expect(alice.tracks == [TrackInfo(kind: .audio, trackId: "mic", mid: "0", muted: true)])
    }

    @Test("leave: the others get participantLeft, the SFU drops the peer, presence shows the leaver out of the call")
    func leave() async throws {
        var room = try CallRoomsHarness()
        let aID = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        _ = try await room.join(2, identity: "bob")
        _ = try await room.join(3, identity: "carol")
        _ = room.send(1, #"{"v":1,"type":"publish","kind":"video","trackId":"cam","mid":"1"}"#)

        let leave = room.send(1, #"{"v":1,"id":"l","type":"leave"}"#)
        #expect(leave.media == [.participantLeft(room: "general", participant: aID)])
        for other: UInt64 in [2, 3] {
            #expect(leave.sent(to: other).first?.message == .participantLeft(participantId: aID))
        }
        #expect(!leave.sent(to: 1).contains { $0.message == .participantLeft(participantId: aID) })
        let presence = try #require(leave.sent(to: 1).compactMap(\.presence).last)
        #expect(presence.members.first { $0.identity == "alice" }?.inCall == false)
        // Alice now only watches: call messages are refused.
        #expect(room.send(1, #"{"v":1,"type":"mute","kind":"video","muted":true}"#).errors(to: 1) == [.notJoined])
    }

    @Test("with no grace period, disconnect is an implicit leave; the room disappears with its last connection")
    func disconnect() async throws {
        var room = try CallRoomsHarness(configuration: CallRoomsConfiguration(resumeGrace: 0))
        let aID = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        _ = try await room.join(2, identity: "bob")
        let gone = room.handle(.disconnected(ConnectionID(rawValue: 1)))
        #expect(gone.media == [.participantLeft(room: "general", participant: aID)])
        #expect(gone.sent(to: 2).map(\.message) == [
            .participantLeft(participantId: aID),
            .presence(Presence(room: "general", members: [PresenceMember(identity: "bob", name: "Bob", inCall: true)])),
        ])
        #expect(room.state.connection(of: aID) == nil)
        _ = room.handle(.disconnected(ConnectionID(rawValue: 2)))
        #expect(room.state.presence(ofRoom: "general") == nil)
        #expect(room.handle(.disconnected(ConnectionID(rawValue: 2))).isEmpty)
    }

    @Test("active speaker goes to the call only, once per change")
    func activeSpeaker() async throws {
        var room = try CallRoomsHarness()
        let aID = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        _ = try await room.join(2, identity: "walter", media: false)
        let first = room.handle(.activeSpeaker(room: "general", aID))
        #expect(first.recipients == [1])
        #expect(first.sent(to: 1).first?.message == .activeSpeaker(participantId: aID))
        #expect(room.handle(.activeSpeaker(room: "general", aID)).isEmpty)
        #expect(room.handle(.activeSpeaker(room: "general", nil)).sent(to: 1).first?.message
                == .activeSpeaker(participantId: nil))
        #expect(room.handle(.activeSpeaker(room: "nowhere", aID)).isEmpty)
    }
}
