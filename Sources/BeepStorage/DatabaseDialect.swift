/// The SQL dialect behind a ``Database``: migrations and the few dialect-specific queries
/// (locks, upserts, case-insensitive comparisons) branch on it.
public enum DatabaseDialect: String, Sendable, Equatable, CaseIterable {
    /// Embedded SQLite (the default: one file under `./data/`, WAL journal).
    case sqlite
    /// PostgreSQL (the scale-out deployment), reached by a `postgres://` URL.
    case postgres
}
