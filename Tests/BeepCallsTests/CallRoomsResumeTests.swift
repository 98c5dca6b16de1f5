import BeepCalls
import Foundation
import Testing

/// Session resumption, grace expiry, media timeout and connection quality in virtual time
/// (issue 5 items 4-5; docs/signalling.md "Resuming").
@Suite("CallRoomsState: resume within the grace period")
struct CallRoomsResumeTests {
    /// Alice (1) publishes audio, Bob (2) and Carol (3) are in the call; returns Alice's
    /// joined reply.
    private func callOfThree(_ room: inout CallRoomsHarness) async throws -> JoinedInfo {
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        _ = try await room.join(2, identity: "bob")
        _ = try await room.join(3, identity: "carol")
        _ = room.send(1, #"{"v":2,"type":"publish","kind":"audio","trackId":"mic","mid":"0"}"#)
        return alice
    }

    private func resumeFrame(_ joined: JoinedInfo, secret: String? = nil, room: String = "general") -> String {
        #"{"v":2,"id":"r","type":"resume","room":"\#(room)","participantId":"\#(joined.participantId)","secret":"\#(secret ?? joined.resumeSecret ?? "")"}"#
    }

    @Test("a dropped socket keeps the place; others see reconnecting, never participantLeft; resume gets the same identity and tracks")
    func resumeWithinGrace() async throws {
        var room = try CallRoomsHarness(configuration: CallRoomsConfiguration(resumeGrace: 30))
        let alice = try await callOfThree(&room)
        #expect(alice.resumeSecret != nil)
        let drop = room.handle(.disconnected(ConnectionID(rawValue: 1)))
        #expect(drop.media.isEmpty)
        for other: UInt64 in [2, 3] {
            #expect(drop.sent(to: other).map(\.message) == [
                .participantConnection(participantId: alice.participantId, state: .reconnecting)])
        }
        #expect(room.state.presence(ofRoom: "general")?.members.first { $0.identity == "alice" }?.inCall == true)
        #expect(room.state.nextDeadline == room.now.addingTimeInterval(30))

        room.now = room.now.addingTimeInterval(29)
        #expect(room.handle(.tick).isEmpty)
        let resumed = room.send(7, resumeFrame(alice))
        let joined = try #require(resumed.sent(to: 7).first?.joined)
        #expect(joined.resumed)
        #expect(resumed.sent(to: 7).first?.inReplyTo == "r")
        #expect(joined.participantId == alice.participantId)
        #expect(joined.identity == "alice")
        #expect(joined.participants.map(\.identity) == ["bob", "carol"])
        #expect(joined.resumeSecret != nil && joined.resumeSecret != alice.resumeSecret)
        #expect(resumed.media.isEmpty)  // the media session goes on
        #expect(room.state.participant(of: ConnectionID(rawValue: 7))?.tracks
            == [TrackInfo(kind: .audio, trackId: "mic", mid: "0", muted: false)])
        for other: UInt64 in [2, 3] {
            #expect(resumed.sent(to: other).map(\.message) == [
                .participantConnection(participantId: alice.participantId, state: .connected)])
        }
        #expect(room.state.nextDeadline == nil)
        // Later broadcasts reach the new connection, and the old secret no longer works.
        let mute = room.send(7, #"{"v":2,"type":"mute","kind":"audio","muted":true}"#)
        #expect(mute.recipients == [2, 3, 7])
        room.now = room.now.addingTimeInterval(60)
        #expect(room.handle(.tick).isEmpty)
        #expect(room.send(8, resumeFrame(alice)).errors(to: 8) == [.resumeRefused])
    }

    @Test("after the grace period the participant is removed: SFU told, others get participantLeft and presence")
    func graceExpires() async throws {
        var room = try CallRoomsHarness(configuration: CallRoomsConfiguration(resumeGrace: 5))
        let alice = try await callOfThree(&room)
        _ = room.handle(.disconnected(ConnectionID(rawValue: 1)))
        room.now = room.now.addingTimeInterval(4.9)
        #expect(room.handle(.tick).isEmpty)
        room.now = room.now.addingTimeInterval(0.1)
        let expiry = room.handle(.tick)
        #expect(expiry.media == [.participantLeft(room: "general", participant: alice.participantId)])
        for other: UInt64 in [2, 3] {
            let messages = expiry.sent(to: other).map(\.message)
            #expect(messages.first == .participantLeft(participantId: alice.participantId))
            #expect(messages.last?.presenceMembers == ["bob", "carol"])
        }
        #expect(!expiry.recipients.contains(1))
        #expect(room.state.connection(of: alice.participantId) == nil)
        // Expired: the secret is refused like a wrong one.
        #expect(room.send(9, resumeFrame(alice)).errors(to: 9) == [.resumeRefused])
    }

    @Test("a wrong secret, an unknown participant and a resume for another room are refused")
    func refusals() async throws {
        var room = try CallRoomsHarness()
        let alice = try await callOfThree(&room)
        _ = room.handle(.disconnected(ConnectionID(rawValue: 1)))
        #expect(room.send(7, resumeFrame(alice, secret: "not-the-secret")).errors(to: 7) == [.resumeRefused])
        var stranger = alice
        stranger.participantId = ParticipantID(rawValue: "p99")
        #expect(room.send(7, resumeFrame(stranger)).errors(to: 7) == [.resumeRefused])
        #expect(room.send(7, resumeFrame(alice, room: "other")).errors(to: 7) == [.wrongRoom])
        // A connection that already joined cannot resume.
        #expect(room.send(2, resumeFrame(alice)).errors(to: 2) == [.alreadyJoined])
        // None of this took Alice's place: the right resume still works.
        #expect(room.send(7, resumeFrame(alice)).sent(to: 7).first?.joined?.resumed == true)
    }

    @Test("a watcher gets no resume secret and leaves the room at once on disconnect")
    func watcherLeavesAtOnce() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice")
        let walter = try #require(try await room.join(2, identity: "walter", media: false).sent(to: 2).first?.joined)
        #expect(walter.resumeSecret == nil)
        let gone = room.handle(.disconnected(ConnectionID(rawValue: 2)))
        #expect(gone.sent(to: 1).map(\.message).last?.presenceMembers == ["alice"])
    }

    @Test("resume over a half-open socket closes the old connection; an outstanding server offer is sent again")
    func resumeReplacesHalfOpenSocket() async throws {
        var room = try CallRoomsHarness()
        let alice = try await callOfThree(&room)
        _ = room.handle(.sfuOffer(alice.participantId, sdp: "v=0 offer-1"))
        let resumed = room.send(7, resumeFrame(alice))
        #expect(resumed.contains(.close(ConnectionID(rawValue: 1))))
        #expect(resumed.sent(to: 7).map(\.message.type) == ["joined", "offer"])
        #expect(resumed.sent(to: 7).last?.message == .offer(sdp: "v=0 offer-1"))
        // The old socket's later close changes nothing.
        #expect(room.handle(.disconnected(ConnectionID(rawValue: 1))).isEmpty)
        #expect(room.state.connection(of: alice.participantId) == ConnectionID(rawValue: 7))
    }

    @Test("an SFU answer that arrives while detached is dropped; the client offers again after resume")
    func answerWhileDetached() async throws {
        var room = try CallRoomsHarness()
        let alice = try await callOfThree(&room)
        _ = room.send(1, #"{"v":2,"id":"o","type":"offer","sdp":"v=0"}"#)
        _ = room.handle(.disconnected(ConnectionID(rawValue: 1)))
        #expect(room.handle(.sfuAnswer(alice.participantId, sdp: "v=0 answer")).isEmpty)
        _ = room.send(7, resumeFrame(alice))
        let again = room.send(7, #"{"v":2,"id":"o2","type":"offer","sdp":"v=0"}"#)
        #expect(again.media == [.offer(alice.participantId, sdp: "v=0")])
        #expect(again.errors(to: 7).isEmpty)
    }
}

@Suite("CallRoomsState: media timeout and connection quality")
struct CallRoomsMediaHealthTests {
    @Test("media timeout takes an attached participant out of the call; it is told `removed` and stays a watcher")
    func mediaTimeout() async throws {
        var room = try CallRoomsHarness()
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        _ = try await room.join(2, identity: "bob")
        let out = room.handle(.mediaTimedOut(alice.participantId))
        #expect(out.media == [.participantLeft(room: "general", participant: alice.participantId)])
        #expect(out.sent(to: 2).first?.message == .participantLeft(participantId: alice.participantId))
        #expect(out.sent(to: 1).contains { $0.message == .removed(reason: .mediaTimeout) })
        #expect(room.state.participant(of: ConnectionID(rawValue: 1)) == nil)
        #expect(room.state.presence(ofRoom: "general")?.members.first { $0.identity == "alice" }?.inCall == false)
    }

    @Test("media timeout of a detached participant removes it from the room before its grace period ends")
    func mediaTimeoutWhileDetached() async throws {
        var room = try CallRoomsHarness()
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        _ = try await room.join(2, identity: "bob")
        _ = room.handle(.disconnected(ConnectionID(rawValue: 1)))
        let out = room.handle(.mediaTimedOut(alice.participantId))
        #expect(out.sent(to: 2).map(\.message).first == .participantLeft(participantId: alice.participantId))
        #expect(room.state.nextDeadline == nil)
    }

    @Test("connection quality goes to the whole call, once per change, and to a resumed connection")
    func quality() async throws {
        var room = try CallRoomsHarness()
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        _ = try await room.join(2, identity: "bob")
        let poor = room.handle(.connectionQuality(alice.participantId, .poor))
        #expect(poor.recipients == [1, 2])
        #expect(poor.sent(to: 2).map(\.message) == [.connectionQuality(participantId: alice.participantId, quality: .poor)])
        #expect(room.handle(.connectionQuality(alice.participantId, .poor)).isEmpty)
        _ = room.handle(.disconnected(ConnectionID(rawValue: 1)))
        let resumed = room.send(5, #"{"v":2,"type":"resume","room":"general","participantId":"\#(alice.participantId)","secret":"\#(alice.resumeSecret ?? "")"}"#)
        #expect(resumed.sent(to: 5).map(\.message).contains(.connectionQuality(participantId: alice.participantId, quality: .poor)))
        #expect(room.handle(.connectionQuality(ParticipantID(rawValue: "p42"), .fair)).isEmpty)
    }
}

extension ServerMessage {
    /// The identities of a presence message, or nil.
    var presenceMembers: [String]? {
        if case .presence(let presence) = self { presence.members.map(\.identity) } else { nil }
    }
}
