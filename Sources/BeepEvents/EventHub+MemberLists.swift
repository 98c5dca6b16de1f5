import BeepWire

/// Member-list subscriptions (docs/events.md, "Presence"): past a member count, a server's
/// presence goes only to the sessions that show its member list. A session watches at most one
/// server; the driver checks each request with whoever knows memberships, one at a time per
/// connection (requests made meanwhile collapse into the last one).
extension EventHub {
    /// `watchMembers` on connection `id`: stops the current watch; a server goes to the driver
    /// for authorization (``EventOutput/authorizeWatch(_:user:serverID:)``) unless one is
    /// already being checked; none is confirmed at once.
    func watchMembers(of server: String?, on id: EventConnectionID, now: MonotonicTime) {
        guard let connection = connections[id], case .live(let sessionID) = connection.state,
              let user = sessions[sessionID]?.userID else {
            return close(id, EventProtocolError(.badFrame, "watchMembers before identify"), now: now)
        }
        sessions[sessionID]?.watchedServer = nil
        connections[id]?.pendingWatch = server
        if let server {
            guard connection.authorizingWatch == nil else { return }  // asked when the answer comes
            connections[id]?.authorizingWatch = server
            outputs.append(.authorizeWatch(id, user: user, serverID: server))
        } else {
            send(.watching(serverID: nil), on: id, now: now)
        }
    }

    /// The answer to ``EventOutput/authorizeWatch(_:user:serverID:)``: `refusal` nil lets the
    /// connection's session watch `serverID`; otherwise the client is told why not. An answer
    /// to a request the client has since replaced asks about the latest one instead; one for a
    /// connection gone, or never asked, is ignored.
    public func watchDecided(on id: EventConnectionID, serverID: String, refusal: String?, now: MonotonicTime) {
        guard let connection = connections[id], connection.authorizingWatch == serverID,
              case .live(let sessionID) = connection.state, let user = sessions[sessionID]?.userID else { return }
        connections[id]?.authorizingWatch = nil
        guard connection.pendingWatch == serverID else {
            if let next = connection.pendingWatch {
                connections[id]?.authorizingWatch = next
                outputs.append(.authorizeWatch(id, user: user, serverID: next))
            }
            return
        }
        connections[id]?.pendingWatch = nil
        if let refusal {
            send(.watchRefused(serverID: serverID, reason: refusal), on: id, now: now)
        } else {
            sessions[sessionID]?.watchedServer = serverID
            send(.watching(serverID: serverID), on: id, now: now)
        }
    }

    /// The server whose member list `session` watches (nil: none, or no such session).
    public func watchedServer(ofSession session: String) -> String? {
        sessions[session]?.watchedServer
    }
}
