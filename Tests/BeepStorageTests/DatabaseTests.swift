import BeepStorage
import BeepStorageTestSupport
import Foundation
import SQLKit
import Testing

/// The shared query layer on both dialects: error mapping, transactions, configuration.
@Suite struct DatabaseTests {
    static let schema = MigrationSet(service: "accounts", migrations: [
        Migration(id: "0001") { _ in
            ["CREATE TABLE accounts (id BIGINT PRIMARY KEY, email_key TEXT NOT NULL, balance BIGINT NOT NULL)",
             "CREATE UNIQUE INDEX accounts_email_key ON accounts (email_key)",
             "CREATE TABLE entries (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE)"]
        },
    ])

    @Test(arguments: DatabaseDialect.allCases)
    func uniqueViolationsMapToOneCodeOnBothDialects(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            #expect(database.dialect == dialect)
            try await database.migrate(Self.schema)
            try await database.sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (1, 'a@x', 0)").run()
            do {
                try await database.sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (2, 'a@x', 0)").run()
                Issue.record("duplicate insert succeeded")
            } catch let error as StorageError {
                #expect(error.code == .uniqueViolation(constraint: "accounts.email_key"))
                #expect(error.isUniqueViolation(column: "email_key"))
                #expect(!error.isUniqueViolation(column: "id"))
            }
            do {
                try await database.sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (1, 'b@x', 0)").run()
                Issue.record("duplicate primary key succeeded")
            } catch let error as StorageError {
                #expect(error.isUniqueViolation(column: "id"))
            }
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func foreignKeysAreEnforced(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            try await database.migrate(Self.schema)
            await #expect {
                try await database.sql.raw("INSERT INTO entries (id, account_id) VALUES (1, 99)").run()
            } throws: { ($0 as? StorageError)?.code == .foreignKeyViolation }
            try await database.sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (1, 'a@x', 0)").run()
            try await database.sql.raw("INSERT INTO entries (id, account_id) VALUES (1, 1)").run()
            try await database.sql.raw("DELETE FROM accounts WHERE id = 1").run()
            let left = try await database.sql.raw("SELECT COUNT(*) AS n FROM entries").first()?.decode(column: "n", as: Int.self)
            #expect(left == 0)
        }
    }

    struct Boom: Error {}

    @Test(arguments: DatabaseDialect.allCases)
    func transactionsCommitOrRollBack(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            try await database.migrate(Self.schema)
            let value = try await database.transaction { sql in
                try await sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (1, 'a@x', 10)").run()
                return 42
            }
            #expect(value == 42)
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await sql.raw("UPDATE accounts SET balance = 0 WHERE id = 1").run()
                    throw Boom()
                }
            }
            await #expect(throws: StorageError.self) {
                try await database.transaction { sql in
                    try await sql.raw("UPDATE accounts SET balance = 5 WHERE id = 1").run()
                    try await sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (2, 'a@x', 0)").run()
                }
            }
            let balance = try await database.sql.raw("SELECT balance FROM accounts WHERE id = 1").first()?
                .decode(column: "balance", as: Int64.self)
            #expect(balance == 10)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func concurrentTransactionsDoNotLoseUpdates(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            try await database.migrate(Self.schema)
            try await database.sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (1, 'a@x', 0)").run()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await database.transaction { sql in
                            let current = try await sql.raw(database.dialect == .postgres
                                ? "SELECT balance FROM accounts WHERE id = 1 FOR UPDATE"
                                : "SELECT balance FROM accounts WHERE id = 1").first()?
                                .decode(column: "balance", as: Int64.self) ?? -1
                            try await sql.raw("UPDATE accounts SET balance = \(bind: current + 1) WHERE id = 1").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let balance = try await database.sql.raw("SELECT balance FROM accounts WHERE id = 1").first()?
                .decode(column: "balance", as: Int64.self)
            #expect(balance == 20)
        }
    }

    @Test func sqliteFilesUseWAL() async throws {
        try await TestDatabases.with(.sqlite) { database in
            let mode = try await database.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode?.lowercased() == "wal")
            let keys = try await database.sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(keys == 1)
        }
    }

    @Test func inMemorySQLiteWorks() async throws {
        let database = try await Database.open(.sqlite(path: ":memory:"), logger: TestDatabases.logger)
        do {
            try await database.migrate(Self.schema)
            try await database.sql.raw("INSERT INTO accounts (id, email_key, balance) VALUES (1, 'a@x', 0)").run()
            let count = try await database.sql.raw("SELECT COUNT(*) AS n FROM accounts").first()?.decode(column: "n", as: Int.self)
            #expect(count == 1)
        } catch {
            try? await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    @Test func unreachablePostgresIsUnavailable() async throws {
        await #expect {
            _ = try await Database.open(.postgres(url: "postgres://nobody:x@127.0.0.1:1/none?sslmode=disable"),
                                        logger: TestDatabases.logger)
        } throws: { ($0 as? StorageError)?.code == .unavailable }
    }

    @Test func locationFromEnvironment() throws {
        #expect(try DatabaseLocation.fromEnvironment([:], dataDirectory: "data") == .sqlite(path: "data/beep.sqlite"))
        #expect(try DatabaseLocation.fromEnvironment(["BEEP_DATABASE_URL": ""], dataDirectory: "/var/beep/")
                == .sqlite(path: "/var/beep/beep.sqlite"))
        #expect(try DatabaseLocation.fromEnvironment(["BEEP_DATABASE_URL": "postgres://u:p@db/beep"], dataDirectory: "data")
                == .postgres(url: "postgres://u:p@db/beep"))
        #expect(try DatabaseLocation.fromEnvironment(["BEEP_DATABASE_URL": "postgresql://u@db/beep"], dataDirectory: "data")
                == .postgres(url: "postgresql://u@db/beep"))
        #expect {
            _ = try DatabaseLocation.fromEnvironment(["BEEP_DATABASE_URL": "mysql://x"], dataDirectory: "data")
        } throws: { ($0 as? StorageError)?.code == .invalidConfiguration }
    }

    @Test func testSupportRefusesToSkipWithoutACluster() throws {
        // The real variable is set under `make test`; the helper's contract is checked directly.
        if ProcessInfo.processInfo.environment[TestDatabases.postgresURLKey] == nil {
            #expect(throws: TestDatabaseError.self) { _ = try TestDatabases.postgresURL() }
        } else {
            #expect(try TestDatabases.postgresURL().hasPrefix("postgres"))
        }
    }
}
