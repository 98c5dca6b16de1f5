import Foundation

extension CallRoomsState {
    /// `join`: verify the token, enter the room watching or in the call, reply `joined` (with
    /// TURN `iceServers` when entering the call), tell the call and the room
    /// (docs/signalling.md, "join").
    mutating func join(_ connection: ConnectionID, token: String, room: String, media: Bool, requestID: String?,
                       now: Date, into outputs: inout [CallOutput]) throws(SignallingError) {
        let existing = connections[connection]
        if let existing {
            guard existing.room == room else {
                throw SignallingError(.alreadyJoined, "this connection is in another room")
            }
            guard media, !existing.inCall else {
                throw SignallingError(.alreadyJoined, existing.inCall ? "already in the call" : "already watching")
            }
        }
        let grant: JoinGrant
        do {
            grant = try verifier.verify(token, room: room, now: now)
        } catch {
            throw error.signallingError
        }
        if media { try checkAdmission(toCallIn: room) }
        let participantId = existing?.participantId ?? allocateParticipantID()
        var entry = existing ?? Connection(room: room, grant: grant, participantId: participantId, inCall: false)
        entry.grant = grant
        entry.inCall = media
        entry.resumeSecret = media ? configuration.makeResumeSecret() : nil
        connections[connection] = entry
        connectionsByParticipant[participantId] = connection
        if existing == nil {
            rooms[room, default: Room()].connections.append(connection)
        }
        let others = (rooms[room]?.connections ?? []).filter { $0 != connection }
        let participants = media ? others.compactMap { connections[$0] }.filter(\.inCall).map(\.info) : []
        let presence = computePresence(of: room)
        let presenceChanged = rooms[room]?.lastPresence != presence
        rooms[room]?.lastPresence = presence
        let joined = JoinedInfo(participantId: participantId, room: room, identity: grant.identity, name: grant.name,
                                media: media, permissions: grant.permissions.sorted(),
                                participants: participants, presence: presence,
                                iceServers: media ? iceServerIssuer.iceServers(for: grant, now: now) : [],
                                resumeSecret: entry.resumeSecret)
        outputs.append(.send(connection, ServerEnvelope(inReplyTo: requestID, message: .joined(joined))))
        if media {
            outputs.append(.media(.participantJoined(room: room, participant: participantId,
                                                     identity: grant.identity, permissions: grant.permissions)))
            broadcastToCall(.participantJoined(entry.info), in: room, excluding: connection, into: &outputs)
        }
        for member in others where presenceChanged {
            outputs.append(.send(member, ServerEnvelope(message: .presence(presence))))
        }
    }

    private mutating func allocateParticipantID() -> ParticipantID {
        let id = ParticipantID(rawValue: "p\(nextParticipantNumber)")
        nextParticipantNumber &+= 1
        return id
    }
}
