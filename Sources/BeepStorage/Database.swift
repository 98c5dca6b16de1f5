import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// A pooled SQL database (SQLite or PostgreSQL) behind one SQLKit query layer.
///
/// Services use ``sql`` for single statements and ``transaction(_:)`` for several statements
/// that must commit together. Errors from either driver surface as ``StorageError``.
public final class Database: Sendable {
    /// The dialect, for the few statements that differ (see ``Migration``).
    public let dialect: DatabaseDialect
    /// Runs each query on a pooled connection.
    public let sql: any SQLDatabase
    private let provider: any SessionProvider
    let logger: Logger
    /// SQLite only: one write transaction at a time in this process (see ``SQLiteBusyRetry``).
    private let writerLock: AsyncLock?
    /// PostgreSQL only: how to open a dedicated connection (``listen(channel:_:)``).
    let postgresConfiguration: SQLPostgresConfiguration?

    private init(dialect: DatabaseDialect, provider: any SessionProvider, sqlDialect: any SQLDialect,
                 eventLoop: any EventLoop, logger: Logger, postgresConfiguration: SQLPostgresConfiguration? = nil) {
        self.dialect = dialect
        self.provider = provider
        self.logger = logger
        self.postgresConfiguration = postgresConfiguration
        self.writerLock = dialect == .sqlite ? AsyncLock() : nil
        self.sql = PooledSQLDatabase(provider: provider, logger: logger, eventLoop: eventLoop, dialect: sqlDialect,
                                     retriesBusy: dialect == .sqlite)
    }

    /// Opens a pool on `location` and checks that one connection works.
    ///
    /// SQLite: creates the parent directory, then every connection runs `journal_mode=WAL`
    /// (files), `foreign_keys=ON` and a short `busy_timeout` (longer waits for the write lock
    /// are retried asynchronously, see ``SQLiteBusyRetry``); `":memory:"` uses one connection.
    /// PostgreSQL: a `search_path=<schema>` query item in the URL sets the schema search path.
    /// - Throws: ``StorageError`` (`.invalidConfiguration` or `.unavailable`).
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Database {
        let database: Database
        switch location {
        case .sqlite(let path):
            database = try openSQLite(path: path, logger: logger)
        case .postgres(let url):
            database = try openPostgres(url: url, logger: logger)
        }
        do {
            try await database.sql.raw("SELECT 1").run()
        } catch {
            try? await database.shutdown()
            throw StorageError(.unavailable, reason: "cannot reach the database: \(StorageError.from(error).reason)")
        }
        return database
    }

    private static func openSQLite(path: String, logger: Logger) throws -> Database {
        guard !path.isEmpty else { throw StorageError(.invalidConfiguration, reason: "empty SQLite path") }
        if path != ":memory:" {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StorageError(.invalidConfiguration, reason: "cannot create \(directory): \(error)")
            }
        }
        let factory = SQLiteConnectionFactory(path: path, busyTimeoutMilliseconds: 20)
        // One event loop: SQLite work runs on NIO's thread pool anyway. A private in-memory
        // database exists per connection, so ":memory:" gets exactly one.
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let pool = EventLoopGroupConnectionPool(source: factory,
                                                maxConnectionsPerEventLoop: factory.isMemory ? 1 : 8,
                                                requestTimeout: .seconds(15), logger: logger, on: eventLoop)
        let leaser = ConnectionLeaser(pool: pool, makeSQL: { $0.sql() }, logger: logger)
        return Database(dialect: .sqlite, provider: leaser, sqlDialect: SQLiteDialect(),
                        eventLoop: eventLoop, logger: logger)
    }

    private static func openPostgres(url: String, logger: Logger) throws -> Database {
        guard var components = URLComponents(string: url) else {
            throw StorageError(.invalidConfiguration, reason: "not a URL: PostgreSQL URL is malformed")
        }
        let searchPath = components.queryItems?.first { $0.name == "search_path" }?.value
        components.queryItems = components.queryItems?.filter { $0.name != "search_path" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: components.string ?? url)
        } catch {
            throw StorageError(.invalidConfiguration, reason: "bad PostgreSQL URL: \(error)")
        }
        if let searchPath, !searchPath.isEmpty {
            guard searchPath.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw StorageError(.invalidConfiguration, reason: "search_path must be one plain schema name")
            }
            configuration.searchPath = [searchPath]
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let pool = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: configuration),
                                                maxConnectionsPerEventLoop: 4,
                                                requestTimeout: .seconds(15), logger: logger, on: group)
        let leaser = ConnectionLeaser(pool: pool, makeSQL: { $0.sql() }, logger: logger)
        return Database(dialect: .postgres, provider: leaser, sqlDialect: PostgresDialect(),
                        eventLoop: group.any(), logger: logger, postgresConfiguration: configuration)
    }

    /// Runs `body` inside one transaction on one connection: committed when `body` returns,
    /// rolled back when it throws (its error is rethrown; driver errors as ``StorageError``).
    /// SQLite uses `BEGIN IMMEDIATE`, which takes the write lock up front (so a transaction never
    /// fails half-way on a lock upgrade), one transaction at a time per `Database`, and retries
    /// the `BEGIN` while another process holds the lock.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let writerLock else { return try await runTransaction(begin: "BEGIN", body) }
        return try await writerLock.withLock { try await runTransaction(begin: "BEGIN IMMEDIATE", body) }
    }

    private func runTransaction<T: Sendable>(begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let retriesBusy = dialect == .sqlite
        let logger = self.logger
        return try await provider.withSession { connection in
            let database = ErrorMappingSQLDatabase(base: connection)
            do {
                if retriesBusy {
                    try await SQLiteBusyRetry.run { try await connection.raw(SQLQueryString(begin)).run() }
                } else {
                    try await connection.raw(SQLQueryString(begin)).run()
                }
            } catch {
                throw StorageError.mapping(error)
            }
            let result: T
            do {
                result = try await body(database)
            } catch {
                do { try await Self.uncancellable(database, "ROLLBACK") } catch {
                    logger.warning("rollback failed", metadata: ["error": "\(error)"])
                }
                throw StorageError.mapping(error)
            }
            do {
                try await Self.uncancellable(database, "COMMIT")
            } catch {
                try? await Self.uncancellable(database, "ROLLBACK")
                throw error
            }
            return result
        }
    }

    /// Runs COMMIT/ROLLBACK in an unstructured task: a cancelled caller must not return a
    /// connection to the pool with its transaction still open.
    private static func uncancellable(_ database: any SQLDatabase, _ statement: String) async throws {
        try await Task { try await database.raw(SQLQueryString(statement)).run() }.value
    }

    /// Closes every pooled connection. The database is unusable afterwards.
    public func shutdown() async throws {
        try await provider.shutdown()
    }
}
