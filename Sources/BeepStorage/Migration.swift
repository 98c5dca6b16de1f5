/// One schema change of a service: the statements to run, per dialect, in order.
/// Its `id` is recorded in `beep_migrations` once applied; never change an applied migration,
/// add a new one instead.
public struct Migration: Sendable {
    /// Stable identifier, unique within its service (e.g. `"0001-users"`).
    public let id: String
    /// The statements for a dialect (DDL, backfills); run in one transaction with the others.
    public let statements: @Sendable (DatabaseDialect) -> [String]

    /// Creates a migration.
    public init(id: String, statements: @escaping @Sendable (DatabaseDialect) -> [String]) {
        self.id = id
        self.statements = statements
    }
}

/// A service's migrations, applied in array order.
public struct MigrationSet: Sendable {
    /// The owning service (e.g. `"users"`, `"communities"`): ids are unique per service.
    public let service: String
    /// The migrations in the order they apply.
    public let migrations: [Migration]

    /// Creates a migration set.
    public init(service: String, migrations: [Migration]) {
        self.service = service
        self.migrations = migrations
    }
}
