import Foundation

/// Session resumption (docs/signalling.md, "Resuming"): a participant whose WebSocket
/// dropped keeps its place, tracks and media session for the grace period, and a new
/// connection takes it back with `resume` and the secret of its last `joined`.
extension CallRoomsState {
    /// The earliest time a grace period ends, or `nil` when nobody is detached: the driver
    /// sends ``CallInput/tick`` then.
    public var nextDeadline: Date? {
        connections.values.compactMap(\.graceDeadline).min()
    }

    /// The WebSocket of an in-call participant closed: keep everything, tell the call it is
    /// reconnecting.
    mutating func detach(_ connection: ConnectionID, until deadline: Date, into outputs: inout [CallOutput]) {
        guard let entry = connections[connection] else { return }
        connections[connection]?.graceDeadline = deadline
        broadcastToCall(.participantConnection(participantId: entry.participantId, state: .reconnecting),
                        in: entry.room, excluding: connection, into: &outputs)
    }

    /// `resume`: a fresh connection takes back `participant`. The secret is checked before
    /// the room, so a wrong secret learns nothing about the participant.
    mutating func resume(_ participant: ParticipantID, secret: String, room: String, on connection: ConnectionID,
                         requestID: String?, into outputs: inout [CallOutput]) throws(SignallingError) {
        guard connections[connection] == nil else {
            throw SignallingError(.alreadyJoined, "resume needs a connection that has not joined")
        }
        guard let old = connectionsByParticipant[participant], var entry = connections[old], entry.inCall,
              let expected = entry.resumeSecret, constantTimeEqual(expected, secret) else {
            throw SignallingError(.resumeRefused, "no participant to resume with this secret (or its grace period is over)")
        }
        guard entry.room == room else {
            throw SignallingError(.wrongRoom, "the participant is in another room")
        }
        let wasDetached = !entry.isAttached
        if !wasDetached {
            // The old socket is half-open (the client saw it drop first): this one replaces it.
            outputs.append(.close(old))
        }
        entry.graceDeadline = nil
        entry.clientOfferOutstanding = nil  // its reply died with the old socket; the client offers again
        entry.resumeSecret = configuration.makeResumeSecret()
        connections[old] = nil
        connections[connection] = entry
        connectionsByParticipant[participant] = connection
        if let index = rooms[room]?.connections.firstIndex(of: old) {
            rooms[room]?.connections[index] = connection
        }
        let participants = (rooms[room]?.connections ?? []).filter { $0 != connection }
            .compactMap { connections[$0] }.filter(\.inCall).map(\.info)
        let presence = computePresence(of: room)
        rooms[room]?.lastPresence = presence
        let joined = JoinedInfo(participantId: participant, room: room, identity: entry.grant.identity,
                                name: entry.grant.name, media: true, permissions: entry.grant.permissions.sorted(),
                                participants: participants, presence: presence, resumeSecret: entry.resumeSecret,
                                resumed: true)
        outputs.append(.send(connection, ServerEnvelope(inReplyTo: requestID, message: .joined(joined))))
        if entry.quality != .good {
            outputs.append(.send(connection, ServerEnvelope(
                message: .connectionQuality(participantId: participant, quality: entry.quality))))
        }
        if entry.serverOfferOutstanding, let sdp = entry.lastServerOffer {
            outputs.append(.send(connection, ServerEnvelope(message: .offer(sdp: sdp))))
        }
        if wasDetached {
            broadcastToCall(.participantConnection(participantId: participant, state: .connected), in: room,
                            excluding: connection, into: &outputs)
        }
    }

    /// Removes every detached participant whose grace period is over: the SFU drops its
    /// peer, the others get `participantLeft` and a new presence list.
    mutating func expireGracePeriods(now: Date, into outputs: inout [CallOutput]) {
        let expired = connections.filter { $0.value.graceDeadline.map { $0 <= now } ?? false }.keys.sorted()
        for connection in expired {
            removeConnection(connection, into: &outputs)
        }
    }

    /// The SFU lost the participant's media: out of the call. An attached connection stays
    /// a watcher and is told `removed`; a detached one leaves the room.
    mutating func removeForMediaTimeout(_ participant: ParticipantID, into outputs: inout [CallOutput]) {
        guard let connection = connectionsByParticipant[participant], connections[connection]?.inCall == true
        else { return }
        takeOutOfCall(connection, reason: .mediaTimeout, into: &outputs)
    }

    /// Out of the call as on `leave`: an attached connection stays a watcher and is told
    /// `removed {reason}`, a detached one (in its grace period) leaves the room.
    mutating func takeOutOfCall(_ connection: ConnectionID, reason: RemovalReason, into outputs: inout [CallOutput]) {
        guard let entry = connections[connection] else { return }
        if entry.isAttached {
            leaveCall(connection, into: &outputs)
            outputs.append(.send(connection, ServerEnvelope(message: .removed(reason: reason))))
            broadcastPresenceIfChanged(in: entry.room, excluding: nil, into: &outputs)
        } else {
            removeConnection(connection, into: &outputs)
        }
    }

    /// Tells the call a participant's new connection quality, once per change.
    mutating func announceQuality(_ quality: ConnectionQuality, of participant: ParticipantID,
                                  into outputs: inout [CallOutput]) {
        guard let connection = connectionsByParticipant[participant], let entry = connections[connection],
              entry.inCall, entry.quality != quality else { return }
        connections[connection]?.quality = quality
        broadcastToCall(.connectionQuality(participantId: participant, quality: quality), in: entry.room,
                        into: &outputs)
    }
}
