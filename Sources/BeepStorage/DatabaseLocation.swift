import Foundation

/// Where a ``Database`` lives.
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite file; `":memory:"` opens a private in-memory database (one connection).
    case sqlite(path: String)
    /// A PostgreSQL server, e.g. `postgres://user:pass@127.0.0.1:5432/beep?sslmode=disable`.
    /// A `search_path=<schema>` query item selects the schema (one schema per service or per test).
    case postgres(url: String)

    /// The environment variable naming a PostgreSQL URL.
    public static let environmentKey = "BEEP_DATABASE_URL"

    /// `BEEP_DATABASE_URL` (`postgres://` or `postgresql://`) when set and non-empty, otherwise
    /// SQLite at `<dataDirectory>/beep.sqlite`.
    /// - Throws: ``StorageError`` with code `.invalidConfiguration` when the variable holds
    ///   anything other than a PostgreSQL URL.
    public static func fromEnvironment(_ env: [String: String], dataDirectory: String) throws -> DatabaseLocation {
        let raw = (env[environmentKey] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if raw.isEmpty {
            let directory = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
            return .sqlite(path: (directory.isEmpty ? "." : directory) + "/beep.sqlite")
        }
        let lower = raw.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else {
            throw StorageError(.invalidConfiguration,
                               reason: "\(environmentKey) must be a postgres:// or postgresql:// URL")
        }
        return .postgres(url: raw)
    }
}
