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

    /// The users who share at least one server with `user` (not `user`), the audience of their
    /// presence.
    public func usersSharingAServer(with user: UserID) async throws -> Set<UserID> {
        var users: Set<UserID> = []
        for server in try await store.servers(of: user) {
            users.formUnion(try await store.allMembers(server: server.id).map(\.userID))
        }
        users.remove(user)
        return users
    }

    /// The members who can see `channel` now (empty when it does not exist).
    public func viewers(channel: Snowflake) async throws -> Set<UserID> {
        guard let found = try await store.channel(channel),
              let snapshot = try await store.snapshot(server: found.serverID) else { return [] }
        return snapshot.viewers[channel] ?? []
    }
}
