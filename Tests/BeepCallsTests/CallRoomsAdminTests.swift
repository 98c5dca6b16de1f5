import BeepCalls
import Foundation
import Testing

/// The operator's changes (docs/operations.md "Tuning"): room limits, draining, server-side
/// mute and removal, as ``CallRoomsState/administer(_:now:)`` carries them out.
@Suite("CallRoomsState: operator changes")
struct CallRoomsAdminTests {
    private func administer(_ room: inout CallRoomsHarness, _ command: CallAdminCommand) throws(CallAdminError) -> [CallOutput] {
        try room.state.administer(command, now: room.now)
    }

    private func refusal(_ room: inout CallRoomsHarness, _ command: CallAdminCommand) -> CallAdminError.Code? {
        do throws(CallAdminError) {
            _ = try administer(&room, command)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("a join with media beyond the participant limit gets room_full; watchers do not count; a leave frees a place")
    func participantLimit() async throws {
        var room = try CallRoomsHarness()
        _ = try administer(&room, .setRoomLimits(room: "general", RoomLimits(maxParticipants: 2)))
        _ = try await room.join(1, identity: "alice")
        _ = try await room.join(2, identity: "bob")
        _ = try await room.join(3, identity: "watcher", media: false)
        #expect(room.state.presence(ofRoom: "general")?.members.count == 3)
        let refused = try await room.join(4, identity: "carol")
        #expect(refused.errors(to: 4) == [.roomFull])
        #expect(refused.media.isEmpty)
        #expect(refused.recipients == [4])
        // Another room is not limited.
        #expect(try await room.join(5, identity: "dave", room: "other").errors(to: 5).isEmpty)
        _ = room.send(2, #"{"v":2,"type":"leave"}"#)
        #expect(try await room.join(4, identity: "carol").errors(to: 4).isEmpty)
        #expect(room.state.tuning.rooms == [RoomTuning(room: "general", limits: RoomLimits(maxParticipants: 2),
                                                       participantsInCall: 2)])
        // Lifting the limit (no fields) removes the room's entry.
        _ = try administer(&room, .setRoomLimits(room: "general", RoomLimits()))
        #expect(room.state.tuning.rooms.isEmpty)
    }

    @Test("a changed bitrate cap goes to the SFU once; an unchanged one does not; lifting it sends nil")
    func bitrateCapToTheSFU() throws {
        var room = try CallRoomsHarness()
        let set = try administer(&room, .setRoomLimits(room: "general", RoomLimits(maxBitrateKbps: 300)))
        #expect(set.media == [.bitrateCap(room: "general", kbps: 300)])
        let same = try administer(&room, .setRoomLimits(room: "general", RoomLimits(maxParticipants: 4, maxBitrateKbps: 300)))
        #expect(same.media.isEmpty)
        let lifted = try administer(&room, .setRoomLimits(room: "general", RoomLimits(maxParticipants: 4)))
        #expect(lifted.media == [.bitrateCap(room: "general", kbps: nil)])
    }

    @Test("draining refuses the first participant of a room with node_draining; calls in progress still take joins")
    func draining() async throws {
        var room = try CallRoomsHarness()
        _ = try await room.join(1, identity: "alice")
        _ = try administer(&room, .setDraining(true))
        #expect(room.state.tuning.draining)
        #expect(try await room.join(2, identity: "bob").errors(to: 2).isEmpty)
        let fresh = try await room.join(3, identity: "carol", room: "new-room")
        #expect(fresh.errors(to: 3) == [.nodeDraining])
        #expect(fresh.media.isEmpty)
        // Watching a new room is still allowed: it starts no media.
        #expect(try await room.join(4, identity: "dave", room: "new-room", media: false).errors(to: 4).isEmpty)
        _ = try administer(&room, .setDraining(false))
        #expect(try await room.join(3, identity: "carol", room: "new-room").errors(to: 3).isEmpty)
    }

    @Test("an operator mute pauses the track in the SFU, tells everyone, and holds against the participant's unmute")
    func serverMute() async throws {
        var room = try CallRoomsHarness()
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        _ = try await room.join(2, identity: "bob")
        _ = room.send(1, #"{"v":2,"type":"publish","kind":"audio","trackId":"mic","mid":"0"}"#)
        let muted = try administer(&room, .mute(room: "general", participant: alice.participantId, kind: .audio, muted: true))
        #expect(muted.media == [.mute(alice.participantId, kind: .audio, muted: true)])
        for member: UInt64 in [1, 2] {
            #expect(muted.sent(to: member).map(\.message) == [
                .muteChanged(participantId: alice.participantId, kind: .audio, muted: true)])
        }
        let unmute = room.send(1, #"{"v":2,"id":"u","type":"mute","kind":"audio","muted":false}"#)
        #expect(unmute.errors(to: 1) == [.mutedByAdmin])
        #expect(unmute.media.isEmpty)
        // The participant may still mute itself; a republished track starts muted.
        _ = room.send(1, #"{"v":2,"type":"unpublish","kind":"audio"}"#)
        let republished = room.send(1, #"{"v":2,"type":"publish","kind":"audio","trackId":"mic2","mid":"0"}"#)
        #expect(republished.media == [.publish(alice.participantId, TrackInfo(kind: .audio, trackId: "mic2", mid: "0", muted: true))])
        // The operator lifts it: everyone is told, and the participant's unmute is accepted.
        let lifted = try administer(&room, .mute(room: "general", participant: alice.participantId, kind: .audio, muted: false))
        #expect(lifted.media == [.mute(alice.participantId, kind: .audio, muted: false)])
        #expect(lifted.recipients == [1, 2])
        #expect(room.send(1, #"{"v":2,"type":"mute","kind":"audio","muted":true}"#).errors(to: 1).isEmpty)
        #expect(room.send(1, #"{"v":2,"type":"mute","kind":"audio","muted":false}"#).errors(to: 1).isEmpty)
    }

    @Test("removal takes the participant out as on leave: the others get participantLeft, it gets removed {admin}")
    func removal() async throws {
        var room = try CallRoomsHarness()
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        _ = try await room.join(2, identity: "bob")
        _ = try await room.join(3, identity: "carol")
        let removed = try administer(&room, .remove(room: "general", participant: alice.participantId))
        #expect(removed.media == [.participantLeft(room: "general", participant: alice.participantId)])
        #expect(removed.sent(to: 1).map(\.message).contains(.removed(reason: .admin)))
        for other: UInt64 in [2, 3] {
            #expect(removed.sent(to: other).map(\.message).contains(.participantLeft(participantId: alice.participantId)))
        }
        #expect(room.state.participant(of: ConnectionID(rawValue: 1)) == nil)
        #expect(room.state.presence(ofRoom: "general")?.members.first { $0.identity == "alice" }?.inCall == false)
    }

    @Test("refusals: unknown or watching participant, wrong room, unpublished kind, values out of range")
    func refusals() async throws {
        var room = try CallRoomsHarness()
        let alice = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined)
        let watcher = try #require(try await room.join(2, identity: "w", media: false).sent(to: 2).first?.joined)
        #expect(refusal(&room, .remove(room: "general", participant: ParticipantID(rawValue: "p99"))) == .notFound)
        #expect(refusal(&room, .remove(room: "general", participant: watcher.participantId)) == .notFound)
        #expect(refusal(&room, .remove(room: "other", participant: alice.participantId)) == .notFound)
        #expect(refusal(&room, .mute(room: "general", participant: alice.participantId, kind: .video, muted: true)) == .notPublished)
        #expect(refusal(&room, .setRoomLimits(room: "general", RoomLimits(maxParticipants: 0))) == .badRequest)
        #expect(refusal(&room, .setRoomLimits(room: "general", RoomLimits(maxBitrateKbps: 1))) == .badRequest)
        #expect(refusal(&room, .setRoomLimits(room: "", RoomLimits(maxParticipants: 3))) == .badRequest)
        #expect(room.state.tuning == CallTuning())
    }
}
