import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteKit

/// Opens SQLite connections with Beep's pragmas: WAL journal (files only), `foreign_keys=ON`,
/// `busy_timeout` so concurrent writers wait instead of failing, `synchronous=NORMAL` (safe with WAL).
struct SQLiteConnectionFactory: ConnectionPoolSource, Sendable {
    /// File path, or `":memory:"`.
    let path: String
    /// Milliseconds a writer waits for the write lock before SQLITE_BUSY.
    let busyTimeoutMilliseconds: Int

    var isMemory: Bool { path == ":memory:" }

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        eventLoop.makeFutureWithTask { try await self.open(logger: logger, on: eventLoop) }
    }

    private func open(logger: Logger, on eventLoop: any EventLoop) async throws -> SQLiteConnection {
        let storage: SQLiteConnection.Storage = isMemory ? .memory : .file(path: path)
        let connection = try await SQLiteConnection.open(storage: storage, threadPool: .singleton,
                                                         logger: logger, on: eventLoop)
        do {
            var pragmas = ["PRAGMA busy_timeout = \(busyTimeoutMilliseconds)", "PRAGMA foreign_keys = ON"]
            if !isMemory {
                pragmas.append("PRAGMA journal_mode = WAL")
                pragmas.append("PRAGMA synchronous = NORMAL")
            }
            for pragma in pragmas {
                try await connection.query(pragma, [], { _ in })
            }
            return connection
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
