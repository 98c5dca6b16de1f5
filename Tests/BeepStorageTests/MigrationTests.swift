import BeepStorage
import BeepStorageTestSupport
import Foundation
import SQLKit
import Testing

/// Migrations (issue 8 item 1): applied once, safe twice, safe from two processes at once,
/// all-or-nothing, on both SQLite and PostgreSQL.
@Suite struct MigrationTests {
    static let set = MigrationSet(service: "widgets", migrations: [
        Migration(id: "0001-widgets") { _ in
            ["CREATE TABLE widgets (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
             "CREATE UNIQUE INDEX widgets_name_key ON widgets (name)"]
        },
        Migration(id: "0002-widgets-colour") { dialect in
            switch dialect {
            case .sqlite: ["ALTER TABLE widgets ADD COLUMN colour TEXT NOT NULL DEFAULT 'red'"]
            case .postgres: ["ALTER TABLE widgets ADD COLUMN colour TEXT NOT NULL DEFAULT 'red'"]
            }
        },
    ])

    @Test(arguments: DatabaseDialect.allCases)
    func appliesOnceAndIsIdempotent(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            #expect(try await database.appliedMigrations(service: "widgets").isEmpty)
            try await database.migrate(Self.set)
            try await database.migrate(Self.set)
            #expect(try await database.appliedMigrations(service: "widgets") == ["0001-widgets", "0002-widgets-colour"])
            try await database.sql.raw("INSERT INTO widgets (id, name) VALUES (1, 'a')").run()
            let colour = try await database.sql.raw("SELECT colour FROM widgets WHERE id = 1").first()?
                .decode(column: "colour", as: String.self)
            #expect(colour == "red")
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func laterMigrationsApplyOnTopOfEarlierOnes(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            let first = MigrationSet(service: "widgets", migrations: [Self.set.migrations[0]])
            try await database.migrate(first)
            #expect(try await database.appliedMigrations(service: "widgets") == ["0001-widgets"])
            try await database.migrate(Self.set)
            #expect(try await database.appliedMigrations(service: "widgets") == ["0001-widgets", "0002-widgets-colour"])
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func twoProcessesMigratingAtOnceBothSucceed(dialect: DatabaseDialect) async throws {
        let location = try await TestDatabases.location(dialect)
        defer { TestDatabases.removeFiles(of: location) }
        // Separate pools stand in for separate processes: they share nothing but the data.
        var databases: [Database] = []
        for _ in 0..<4 { databases.append(try await Database.open(location, logger: TestDatabases.logger)) }
        let pools = databases
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for database in pools {
                    for _ in 0..<3 { group.addTask { try await database.migrate(Self.set) } }
                }
                try await group.waitForAll()
            }
            let applied = try await pools[0].appliedMigrations(service: "widgets")
            #expect(applied == ["0001-widgets", "0002-widgets-colour"])
            let count = try await pools[0].sql.raw("SELECT COUNT(*) AS n FROM beep_migrations").first()?
                .decode(column: "n", as: Int.self)
            #expect(count == 2)
        } catch {
            for database in pools { try? await database.shutdown() }
            throw error
        }
        for database in pools { try await database.shutdown() }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func failingMigrationLeavesNothingBehind(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            let broken = MigrationSet(service: "broken", migrations: [
                Migration(id: "0001-ok") { _ in ["CREATE TABLE half_done (id BIGINT PRIMARY KEY)"] },
                Migration(id: "0002-bad") { _ in ["CREATE TABLE nonsense ("] },
            ])
            await #expect {
                try await database.migrate(broken)
            } throws: { error in
                (error as? StorageError)?.code == .migrationFailed(id: "0002-bad")
            }
            let applied = try await database.appliedMigrations(service: "broken")
            #expect(applied.isEmpty)
            await #expect(throws: StorageError.self) {
                try await database.sql.raw("SELECT id FROM half_done").run()
            }
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func servicesKeepSeparateMigrationHistories(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            try await database.migrate(Self.set)
            let other = MigrationSet(service: "gadgets", migrations: [
                Migration(id: "0001-widgets") { _ in ["CREATE TABLE gadgets (id BIGINT PRIMARY KEY)"] },
            ])
            try await database.migrate(other)
            #expect(try await database.appliedMigrations(service: "gadgets") == ["0001-widgets"])
            try await database.sql.raw("INSERT INTO gadgets (id) VALUES (7)").run()
        }
    }
}
