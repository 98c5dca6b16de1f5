import BeepPlatformCore
import BeepStorage

/// Wires the communities service for `beep`: the SQL store on `database`, migrated.
public enum CommunitiesModule {
    /// A ready service on `database` (applies ``CommunityMigrations/set`` first); `publish`
    /// receives its events after each change commits.
    public static func make(database: Database, limits: CommunityLimits = CommunityLimits(),
                            ids: SnowflakeGenerator = SnowflakeGenerator(),
                            publish: (@Sendable (CommunityEvent) async -> Void)? = nil) async throws -> CommunityService {
        CommunityService(store: try await SQLCommunityStore.open(database), limits: limits, ids: ids, publish: publish)
    }
}
