import AsyncKit
import Logging
import NIOCore
import SQLKit

/// Leases pooled connections and turns them into SQLKit databases; the two dialects differ only
/// in their ``ConnectionPoolSource`` and how a connection becomes an `SQLDatabase`.
///
/// `@unchecked Sendable`: AsyncKit's pool is not annotated, but guards its state with a lock
/// (and per-event-loop pools run on their loop), which is how sqlite-kit and postgres-kit use it.
struct ConnectionLeaser<Source: ConnectionPoolSource>: @unchecked Sendable where Source.Connection: Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
    let makeSQL: @Sendable (Source.Connection) -> any SQLDatabase
    let logger: Logger

    /// Runs `body` with one connection held for its whole duration (a session).
    func withConnection<R>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
        let connection: Source.Connection
        do {
            connection = try await pool.requestConnection(logger: logger).get()
        } catch {
            throw StorageError(.unavailable, reason: "no database connection: \(error)")
        }
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await body(makeSQL(connection))
    }
}

/// The type-erased leaser used by ``Database``.
protocol SessionProvider: Sendable {
    func withSession<R>(_ body: (any SQLDatabase) async throws -> R) async throws -> R
    func shutdown() async throws
}

extension ConnectionLeaser: SessionProvider {
    func withSession<R>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
        try await withConnection(body)
    }

    func shutdown() async throws {
        try await pool.shutdownAsync()
    }
}

/// An `SQLDatabase` that runs each query on a pooled connection and maps driver errors to
/// ``StorageError``. This is ``Database/sql``.
struct PooledSQLDatabase: SQLDatabase {
    let provider: any SessionProvider
    let logger: Logger
    let eventLoop: any EventLoop
    let dialect: any SQLDialect
    /// SQLite: retry BUSY asynchronously (autocommit statements only; see ``SQLiteBusyRetry``).
    let retriesBusy: Bool

    var version: (any SQLDatabaseReportedVersion)? { nil }
    var queryLogLevel: Logger.Level? { .debug }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let database = self
        return eventLoop.makeFutureWithTask { try await database.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        do {
            try await provider.withSession { database in
                if retriesBusy {
                    try await SQLiteBusyRetry.run { try await database.execute(sql: query, onRow) }
                } else {
                    try await database.execute(sql: query, onRow)
                }
            }
        } catch {
            throw StorageError.mapping(error)
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await provider.withSession { database in
            try await closure(ErrorMappingSQLDatabase(base: database))
        }
    }
}

/// Wraps one connection's `SQLDatabase` (inside a transaction) so its errors are ``StorageError``s too.
struct ErrorMappingSQLDatabase: SQLDatabase {
    let base: any SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var dialect: any SQLDialect { base.dialect }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow).flatMapErrorThrowing { throw StorageError.mapping($0) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        do { try await base.execute(sql: query, onRow) } catch { throw StorageError.mapping(error) }
    }
}
