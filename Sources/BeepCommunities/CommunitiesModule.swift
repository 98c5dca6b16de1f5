import BeepPlatformCore
import BeepStorage

/// Wires the communities service for `beep`: the SQL store on `database`, migrated.
public enum CommunitiesModule {
    /// A ready service on `database` (applies ``CommunityMigrations/set`` first); `recorder`
    /// writes each change's events in the change's transaction (the events outbox), `publish`
    /// receives them after the change commits.
    public static func make(database: Database, limits: CommunityLimits = CommunityLimits(),
                            ids: SnowflakeGenerator = SnowflakeGenerator(),
                            recorder: (any CommunityEventRecorder)? = nil,
                            publish: (@Sendable (CommunityEvent) async -> Void)? = nil) async throws -> CommunityService {
        CommunityService(store: try await SQLCommunityStore.open(database, recorder: recorder), limits: limits, ids: ids,
                         publish: publish)
    }
}
