import BeepPlatformCore
import BeepStorage
import Foundation
import Logging

/// Wires the users service for `beep`: SQL store (migrated), local file store under
/// `<dataDirectory>/files`, signing key at `<dataDirectory>/keys/access-token.ed25519`.
public enum UsersModule {
    /// A ready service on `database`.
    public static func make(database: Database, dataDirectory: String,
                            configuration: UsersConfiguration = UsersConfiguration(),
                            ids: SnowflakeGenerator = SnowflakeGenerator(), logger: Logger) async throws -> UsersService {
        let store = SQLUserStore(database: database)
        try await store.migrate()
        let root = URL(fileURLWithPath: dataDirectory)
        let files = LocalFileStore(directory: root.appendingPathComponent("files"))
        let key = try SigningKeyFile.loadOrCreate(path: root.appendingPathComponent("keys/access-token.ed25519").path)
        return try await UsersService(store: store, files: files, signingKey: key, configuration: configuration,
                                      ids: ids, logger: logger)
    }
}
