extension CallRoomsState {
    /// The presence list of a room: one member per identity among its connections, in the
    /// call when any of that identity's connections is; sorted by name, then identity.
    func computePresence(of room: String) -> Presence {
        var members: [String: PresenceMember] = [:]
        for connection in rooms[room]?.connections ?? [] {
            guard let entry = connections[connection] else { continue }
            let identity = entry.grant.identity
            if var member = members[identity] {
                if entry.inCall && !member.inCall {
                    member.inCall = true
                    member.name = entry.grant.name
                }
                members[identity] = member
            } else {
                members[identity] = PresenceMember(identity: identity, name: entry.grant.name, inCall: entry.inCall)
            }
        }
        let sorted = members.values.sorted { ($0.name, $0.identity) < ($1.name, $1.identity) }
        return Presence(room: room, members: sorted)
    }

    /// Sends the room's presence to its connections (watchers and in the call) when it
    /// differs from what was last sent.
    mutating func broadcastPresenceIfChanged(in room: String, excluding excluded: ConnectionID?,
                                             into outputs: inout [CallOutput]) {
        guard let state = rooms[room] else { return }
        let presence = computePresence(of: room)
        guard presence != state.lastPresence else { return }
        rooms[room]?.lastPresence = presence
        for member in state.connections where member != excluded && connections[member]?.isAttached == true {
            outputs.append(.send(member, ServerEnvelope(message: .presence(presence))))
        }
    }
}
