import Foundation

extension CallRoomsState {
    /// Takes a connection out of the call (it stays in the room as a watcher): the SFU
    /// drops its peer and the others get `participantLeft`.
    mutating func leaveCall(_ connection: ConnectionID, into outputs: inout [CallOutput]) {
        guard var entry = connections[connection], entry.inCall else { return }
        entry.inCall = false
        entry.tracks = [:]
        entry.serverOfferOutstanding = false
        entry.clientOfferOutstanding = nil
        entry.lastServerOffer = nil
        entry.resumeSecret = nil
        entry.quality = .good
        entry.mutedByAdmin = []
        connections[connection] = entry
        outputs.append(.media(.participantLeft(room: entry.room, participant: entry.participantId)))
        broadcastToCall(.participantLeft(participantId: entry.participantId), in: entry.room, excluding: connection,
                        into: &outputs)
    }

    /// The WebSocket closed. A participant in the call keeps its place for the grace period
    /// (docs/signalling.md, "Resuming"); a watcher, or anyone when the grace is zero, leaves
    /// the room at once.
    mutating func disconnect(_ connection: ConnectionID, now: Date, into outputs: inout [CallOutput]) {
        guard let entry = connections[connection], entry.isAttached else { return }
        if entry.inCall, configuration.resumeGrace > 0 {
            detach(connection, until: now.addingTimeInterval(configuration.resumeGrace), into: &outputs)
        } else {
            removeConnection(connection, into: &outputs)
        }
    }

    /// Leaves the call, leaves the room, updates the others' presence.
    mutating func removeConnection(_ connection: ConnectionID, into outputs: inout [CallOutput]) {
        guard let entry = connections[connection] else { return }
        leaveCall(connection, into: &outputs)
        connections[connection] = nil
        connectionsByParticipant[entry.participantId] = nil
        rooms[entry.room]?.connections.removeAll { $0 == connection }
        if rooms[entry.room]?.connections.isEmpty == true {
            rooms[entry.room] = nil
        } else {
            broadcastPresenceIfChanged(in: entry.room, excluding: nil, into: &outputs)
        }
    }
}
