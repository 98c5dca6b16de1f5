import BeepPlatformCore
import BeepStorage
import SQLKit

extension SQLCommunityStore {
    /// See ``CommunityStore/change(server:removal:events:_:)``.
    ///
    /// One transaction: on PostgreSQL the server's advisory lock first (community changes of one
    /// server run one at a time, so the snapshots bracket exactly this change), the snapshot
    /// before, `body` on a store bound to the transaction, the snapshot after, the events
    /// recorded through ``recorder``; then commit.
    public func change<T: Sendable>(server: Snowflake, removal: MemberRemoval, events wanted: Bool,
                                    _ body: @escaping @Sendable (any CommunityStore) async throws -> T)
        async throws -> CommunityChange<T>
    {
        let recorder = self.recorder
        let diffs = wanted || recorder != nil
        return try await transaction { db in
            let bound = SQLCommunityStore(database: database, recorder: recorder, connection: db)
            try await bound.lockServer(server, on: db)
            let before = diffs ? try await bound.snapshot(server: server) : nil
            let result = try await body(bound)
            guard diffs else { return CommunityChange(result: result, events: []) }
            let after = try await bound.snapshot(server: server)
            let events = CommunityDiff.events(before: before, after: after, removal: removal)
            if let recorder, !events.isEmpty { try await recorder.record(events, in: db) }
            return CommunityChange(result: result, events: events)
        }
    }
}
