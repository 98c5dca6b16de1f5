extension CallRoomsState {
    /// `publish`: checks the token's permission for the kind, then tells the SFU and
    /// everyone in the call.
    mutating func publish(kind: TrackKind, trackId: String, mid: String, from connection: ConnectionID,
                          requestID: String?, into outputs: inout [CallOutput]) throws(SignallingError) {
        let entry = try inCall(connection)
        guard entry.grant.allows(kind) else {
            throw SignallingError(.forbiddenKind, "the join token does not allow publishing \(kind.rawValue)")
        }
        guard entry.tracks[kind] == nil else {
            throw SignallingError(.alreadyPublished, "a \(kind.rawValue) track is already published")
        }
        let track = TrackInfo(kind: kind, trackId: trackId, mid: mid, muted: entry.mutedByAdmin.contains(kind))
        connections[connection]?.tracks[kind] = track
        outputs.append(.media(.publish(entry.participantId, track)))
        broadcastToCall(.trackPublished(participantId: entry.participantId, track: track), in: entry.room,
                        requester: connection, requestID: requestID, into: &outputs)
    }

    /// `unpublish`: withdraws the track of a kind.
    mutating func unpublish(kind: TrackKind, from connection: ConnectionID, requestID: String?,
                            into outputs: inout [CallOutput]) throws(SignallingError) {
        let entry = try inCall(connection)
        guard let track = entry.tracks[kind] else {
            throw SignallingError(.notPublished, "no \(kind.rawValue) track is published")
        }
        connections[connection]?.tracks[kind] = nil
        outputs.append(.media(.unpublish(entry.participantId, kind: kind, trackId: track.trackId)))
        broadcastToCall(.trackUnpublished(participantId: entry.participantId, kind: kind, trackId: track.trackId),
                        in: entry.room, requester: connection, requestID: requestID, into: &outputs)
    }

    /// `mute`: records the state, pauses or resumes through the SFU, tells everyone in the call.
    mutating func mute(kind: TrackKind, muted: Bool, from connection: ConnectionID, requestID: String?,
                       into outputs: inout [CallOutput]) throws(SignallingError) {
        let entry = try inCall(connection)
        guard entry.tracks[kind] != nil else {
            throw SignallingError(.notPublished, "no \(kind.rawValue) track is published")
        }
        guard muted || !entry.mutedByAdmin.contains(kind) else {
            throw SignallingError(.mutedByAdmin, "the operator muted this \(kind.rawValue) track")
        }
        connections[connection]?.tracks[kind]?.muted = muted
        outputs.append(.media(.mute(entry.participantId, kind: kind, muted: muted)))
        broadcastToCall(.muteChanged(participantId: entry.participantId, kind: kind, muted: muted),
                        in: entry.room, requester: connection, requestID: requestID, into: &outputs)
    }

    /// `maxLayer`: the subscriber's wish for another participant's track, passed to the SFU
    /// (no reply). The publisher must be in the same call with a track of that kind.
    mutating func requestMaxLayer(_ layer: SimulcastLayerName?, of publisher: ParticipantID, kind: TrackKind,
                                  from connection: ConnectionID, into outputs: inout [CallOutput]) throws(SignallingError) {
        let entry = try inCall(connection)
        guard publisher != entry.participantId else {
            throw SignallingError(.badRequest, "maxLayer is about another participant's track, not your own")
        }
        guard let other = connectionsByParticipant[publisher].flatMap({ connections[$0] }),
              other.inCall, other.room == entry.room, other.tracks[kind] != nil else {
            throw SignallingError(.notPublished, "\(publisher.rawValue.prefix(64)) publishes no \(kind.rawValue) track in this call")
        }
        outputs.append(.media(.maxLayer(entry.participantId, publisher: publisher, kind: kind, layer: layer)))
    }

    /// SFU active speaker: told to the call when it changes.
    mutating func announceSpeaker(_ speaker: ParticipantID?, in room: String, into outputs: inout [CallOutput]) {
        guard rooms[room] != nil, rooms[room]?.lastSpeaker != .some(speaker) else { return }
        rooms[room]?.lastSpeaker = .some(speaker)
        broadcastToCall(.activeSpeaker(participantId: speaker), in: room, into: &outputs)
    }
}
