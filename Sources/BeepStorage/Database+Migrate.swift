import Foundation
import SQLKit

extension Database {
    /// The advisory lock key every migrating process takes on PostgreSQL ("beep" in ASCII).
    static let migrationLockKey: Int64 = 0x6265_6570

    /// Applies the migrations of `set` that are not yet recorded in `beep_migrations`.
    ///
    /// Everything runs in one transaction, so a failing migration leaves nothing behind.
    /// Safe to call repeatedly and from several processes at once: PostgreSQL serialises on
    /// `pg_advisory_xact_lock`, SQLite on `BEGIN IMMEDIATE` (one writer at a time).
    /// - Throws: ``StorageError`` with `.migrationFailed(id:)` naming the failing migration.
    public func migrate(_ set: MigrationSet) async throws {
        let dialect = self.dialect
        try await transaction { database in
            if dialect == .postgres {
                try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.migrationLockKey))").run()
            }
            try await database.raw("""
                CREATE TABLE IF NOT EXISTS beep_migrations (
                    service TEXT NOT NULL,
                    id TEXT NOT NULL,
                    applied_at BIGINT NOT NULL,
                    PRIMARY KEY (service, id)
                )
                """).run()
            let appliedRows = try await database.raw(
                "SELECT id FROM beep_migrations WHERE service = \(bind: set.service)").all()
            let applied = Set(try appliedRows.map { try $0.decode(column: "id", as: String.self) })
            for migration in set.migrations where !applied.contains(migration.id) {
                do {
                    for statement in migration.statements(dialect) {
                        try await database.raw(SQLQueryString(statement)).run()
                    }
                } catch {
                    throw StorageError(.migrationFailed(id: migration.id),
                                       reason: "\(set.service)/\(migration.id): \(StorageError.from(error).reason)")
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await database.raw("""
                    INSERT INTO beep_migrations (service, id, applied_at)
                    VALUES (\(bind: set.service), \(bind: migration.id), \(bind: now))
                    """).run()
            }
        }
    }

    /// The migration ids recorded for `service`, in the order they were applied.
    public func appliedMigrations(service: String) async throws -> [String] {
        let exists: Bool
        switch dialect {
        case .sqlite:
            exists = try await sql.raw(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'beep_migrations'").first() != nil
        case .postgres:
            exists = try await sql.raw("SELECT to_regclass('beep_migrations') IS NOT NULL AS present")
                .first()?.decode(column: "present", as: Bool.self) ?? false
        }
        guard exists else { return [] }
        let rows = try await sql.raw("""
            SELECT id FROM beep_migrations WHERE service = \(bind: service) ORDER BY applied_at, id
            """).all()
        return try rows.map { try $0.decode(column: "id", as: String.self) }
    }
}
