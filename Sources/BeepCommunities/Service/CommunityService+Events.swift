import BeepPlatformCore

extension CommunityService {
    /// The server's state before a change, when events are published (nil otherwise).
    func snapshotForEvents(_ server: Snowflake) async throws -> CommunitySnapshot? {
        guard publish != nil else { return nil }
        return try await store.snapshot(server: server)
    }

    /// Publishes what changed in `server` since `before` (``CommunityDiff``), after the change
    /// committed. A failure to read the new state drops the events, never the committed change.
    func publishChanges(_ server: Snowflake, since before: CommunitySnapshot?, removal: MemberRemoval = .left) async {
        guard let publish, let before else { return }
        let after: CommunitySnapshot?
        do { after = try await store.snapshot(server: server) } catch { return }
        for event in CommunityDiff.events(before: before, after: after, removal: removal) { await publish(event) }
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
