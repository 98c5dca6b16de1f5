import BeepPlatformCore

extension CommunityService {
    /// Runs `body` as one change of `server` in one transaction with its events
    /// (``CommunityStore/change(server:removal:events:_:)``: written to the events outbox there
    /// when the store records them) and, once committed, hands the events to `publish` in order.
    func changing<T: Sendable>(_ server: Snowflake, removal: MemberRemoval = .left,
                               _ body: @escaping @Sendable (any CommunityStore) async throws -> T) async throws -> T {
        let change = try await store.change(server: server, removal: removal, events: publish != nil, body)
        if let publish { for event in change.events { await publish(event) } }
        return change.result
    }

    /// Who hears of `user`'s presence (docs/events.md, "Presence"): every member of the
    /// servers of at most ``CommunityLimits/presenceFanOutMembers`` members they belong to (not
    /// `user`), and for each larger one its members, who hear of it only on sessions watching
    /// that server's member list.
    public func presenceAudience(of user: UserID) async throws -> PresenceAudience {
        var audience = PresenceAudience()
        for server in try await store.servers(of: user) {
            let members = Set(try await store.allMembers(server: server.id).map(\.userID))
            if members.count > limits.presenceFanOutMembers {
                audience.memberLists[server.id] = members
            } else {
                audience.everyone.formUnion(members)
            }
        }
        audience.everyone.remove(user)
        return audience
    }

    /// Why `actor` may not watch the member list of server `serverID` (a decimal id), the
    /// refusal `GET /servers/{id}/members` would give (no such server, not a member), or nil
    /// when they may (docs/events.md, "Presence").
    public func memberListRefusal(actor: UserID, server serverID: String) async -> String? {
        guard let id = Snowflake(serverID) else { return "Server not found." }
        do {
            _ = try await loadAccess(id, actor: actor)
            return nil
        } catch let error as CommunityError {
            return error.message
        } catch {
            return "Membership could not be checked."
        }
    }

    /// The members who can see `channel` now (empty when it does not exist).
    public func viewers(channel: Snowflake) async throws -> Set<UserID> {
        guard let found = try await store.channel(channel),
              let snapshot = try await store.snapshot(server: found.serverID) else { return [] }
        return snapshot.viewers[channel] ?? []
    }
}
