import Foundation

/// The operator's changes (docs/operations.md, "Tuning"): room limits, server-side mute,
/// removal, draining. Each returns the outputs to carry out, like ``handle(_:now:)``.
extension CallRoomsState {
    /// Carries out an admin command, or refuses it with a typed error (nothing changes then).
    public mutating func administer(_ command: CallAdminCommand, now: Date) throws(CallAdminError) -> [CallOutput] {
        var outputs: [CallOutput] = []
        switch command {
        case .setRoomLimits(let room, let limits):
            try Self.validate(room: room, limits: limits)
            if roomLimits[room]?.maxBitrateKbps != limits.maxBitrateKbps {
                outputs.append(.media(.bitrateCap(room: room, kbps: limits.maxBitrateKbps)))
            }
            roomLimits[room] = limits.isEmpty ? nil : limits
        case .mute(let room, let participant, let kind, let muted):
            let connection = try connectionInCall(participant, room: room)
            try adminMute(connection, kind: kind, muted: muted, into: &outputs)
        case .remove(let room, let participant):
            let connection = try connectionInCall(participant, room: room)
            takeOutOfCall(connection, reason: .admin, into: &outputs)
        case .setDraining(let value):
            draining = value
        }
        return outputs
    }

    /// The operator settings in force and each limited room's count of participants in the call.
    public var tuning: CallTuning {
        CallTuning(draining: draining, rooms: roomLimits.keys.sorted().compactMap { room in
            roomLimits[room].map { RoomTuning(room: room, limits: $0, participantsInCall: participantsInCall(room)) }
        })
    }

    /// Participants in the call in `room`, detached ones (in their grace period) included.
    func participantsInCall(_ room: String) -> Int {
        (rooms[room]?.connections ?? []).count { connections[$0]?.inCall == true }
    }

    /// Refuses a `join` with media that the room's limit or draining forbids (checked after the
    /// token, so a refused token learns nothing about the room).
    func checkAdmission(toCallIn room: String) throws(SignallingError) {
        let inCall = participantsInCall(room)
        if draining, inCall == 0 {
            throw SignallingError(.nodeDraining, "this node is draining and starts no new calls; try again later")
        }
        if let limit = roomLimits[room]?.maxParticipants, inCall >= limit {
            throw SignallingError(.roomFull, "the call is full (\(limit) participants)")
        }
    }

    private static func validate(room: String, limits: RoomLimits) throws(CallAdminError) {
        guard !room.isEmpty, room.count <= SignallingLimits.maximumNameLength else {
            throw CallAdminError(.badRequest, "the room name must have 1-\(SignallingLimits.maximumNameLength) characters")
        }
        if let count = limits.maxParticipants, !RoomLimits.participantRange.contains(count) {
            throw CallAdminError(.badRequest, "maxParticipants must be within \(RoomLimits.participantRange)")
        }
        if let kbps = limits.maxBitrateKbps, !RoomLimits.bitrateRange.contains(kbps) {
            throw CallAdminError(.badRequest, "maxBitrateKbps must be within \(RoomLimits.bitrateRange)")
        }
    }

    private func connectionInCall(_ participant: ParticipantID, room: String) throws(CallAdminError) -> ConnectionID {
        guard let connection = connectionsByParticipant[participant], let entry = connections[connection],
              entry.room == room, entry.inCall else {
            throw CallAdminError(.notFound, "no participant \(participant) in the call of room \(room)")
        }
        return connection
    }

    private mutating func adminMute(_ connection: ConnectionID, kind: TrackKind, muted: Bool,
                                    into outputs: inout [CallOutput]) throws(CallAdminError) {
        guard let entry = connections[connection], entry.tracks[kind] != nil else {
            throw CallAdminError(.notPublished, "the participant publishes no \(kind.rawValue) track")
        }
        if muted { connections[connection]?.mutedByAdmin.insert(kind) } else { connections[connection]?.mutedByAdmin.remove(kind) }
        guard entry.tracks[kind]?.muted != muted else { return }
        connections[connection]?.tracks[kind]?.muted = muted
        outputs.append(.media(.mute(entry.participantId, kind: kind, muted: muted)))
        broadcastToCall(.muteChanged(participantId: entry.participantId, kind: kind, muted: muted), in: entry.room,
                        into: &outputs)
    }
}
