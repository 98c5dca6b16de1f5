import BeepStorage
import Foundation
import Logging
import SQLKit

/// Why a test database could not be made.
public struct TestDatabaseError: Error, CustomStringConvertible {
    /// What to do about it.
    public var description: String
}

/// Fresh, empty databases for tests: an SQLite file in a new temporary directory, and a new
/// schema on the throwaway PostgreSQL cluster named by `BEEP_TEST_POSTGRES_URL`
/// (`tools/postgres-test-cluster.sh start`, done by `make test`).
///
/// A missing cluster is an error, never a skip: the suite must run on both dialects.
public enum TestDatabases {
    /// The environment variable with the test cluster's URL.
    public static let postgresURLKey = "BEEP_TEST_POSTGRES_URL"

    /// A logger that only reports warnings.
    public static var logger: Logger {
        var logger = Logger(label: "beep.tests.storage")
        logger.logLevel = .warning
        return logger
    }

    /// One fresh database per dialect (SQLite first). Call ``Database/shutdown()`` on each, or
    /// use ``withEach(_:)``.
    public static func each() async throws -> [Database] {
        var databases: [Database] = []
        for dialect in DatabaseDialect.allCases {
            databases.append(try await make(dialect))
        }
        return databases
    }

    /// A fresh database of `dialect`.
    public static func make(_ dialect: DatabaseDialect) async throws -> Database {
        try await Database.open(location(dialect), logger: logger)
    }

    /// A fresh, empty location of `dialect` (a new SQLite path, or a new PostgreSQL schema),
    /// for tests that open several `Database`s on the same data (e.g. two "processes").
    public static func location(_ dialect: DatabaseDialect) async throws -> DatabaseLocation {
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch dialect {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("beep-test-\(suffix)")
            return .sqlite(path: directory.appendingPathComponent("beep.sqlite").path)
        case .postgres:
            let base = try postgresURL()
            let schema = "t_\(suffix)"
            let admin = try await openAdmin(base)
            do {
                try await admin.sql.raw(SQLQueryString("CREATE SCHEMA \(schema)")).run()
                try await admin.shutdown()
            } catch {
                try? await admin.shutdown()
                throw error
            }
            let separator = base.contains("?") ? "&" : "?"
            return .postgres(url: base + separator + "search_path=\(schema)")
        }
    }

    /// Runs `body` once per dialect with a fresh database, shutting it down afterwards.
    public static func withEach(_ body: (Database) async throws -> Void) async throws {
        for dialect in DatabaseDialect.allCases {
            try await with(dialect, body)
        }
    }

    /// Runs `body` with a fresh database of `dialect`, then shuts it down (and deletes the
    /// SQLite file's temporary directory).
    public static func with<T>(_ dialect: DatabaseDialect, _ body: (Database) async throws -> T) async throws -> T {
        let location = try await location(dialect)
        let database = try await Database.open(location, logger: logger)
        defer { removeFiles(of: location) }
        do {
            let result = try await body(database)
            try await database.shutdown()
            return result
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// Deletes the temporary directory of an SQLite test location (PostgreSQL schemas stay in
    /// the throwaway cluster).
    public static func removeFiles(of location: DatabaseLocation) {
        guard case .sqlite(let path) = location, path != ":memory:" else { return }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard directory.lastPathComponent.hasPrefix("beep-test-") else { return }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The cluster URL, or a clear error telling how to start it.
    public static func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[postgresURLKey], !url.isEmpty else {
            throw TestDatabaseError(description: """
                PostgreSQL test cluster missing: \(postgresURLKey) is not set. Run \
                `export \(postgresURLKey)="$(tools/postgres-test-cluster.sh start)"` or `make test`.
                """)
        }
        return url
    }

    private static func openAdmin(_ url: String) async throws -> Database {
        do {
            return try await Database.open(.postgres(url: url), logger: logger)
        } catch {
            throw TestDatabaseError(description: """
                PostgreSQL test cluster at \(postgresURLKey) is unreachable (\(error)). \
                Run tools/postgres-test-cluster.sh start / make test.
                """)
        }
    }
}
