import SQLiteKit

/// SQLite allows one writer at a time. A connection that waits for the write lock inside
/// SQLite's busy handler blocks one of NIO's few blocking-pool threads, and the writer that
/// holds the lock may then have no thread left to finish on. So Beep keeps SQLite's own
/// `busy_timeout` short and retries `SQLITE_BUSY` here, asynchronously, with backoff.
///
/// Only statements that did nothing when refused are retried: `BEGIN IMMEDIATE` and
/// autocommit statements outside a transaction (SQLite reports BUSY before applying them).
enum SQLiteBusyRetry {
    /// How long a statement keeps retrying before the error goes to the caller.
    static let deadline: Duration = .seconds(15)

    static func isBusy(_ error: any Error) -> Bool {
        guard let sqlite = error as? SQLiteError else { return false }
        switch sqlite.reason {
        case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot: return true
        default: return false
        }
    }

    /// Runs `operation`, retrying while SQLite answers BUSY, up to ``deadline``.
    static func run<T>(_ operation: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let start = clock.now
        var delay: Duration = .milliseconds(2)
        while true {
            do {
                return try await operation()
            } catch where isBusy(error) && clock.now - start < deadline {
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .milliseconds(50))
            }
        }
    }
}

/// A first-in-first-out async lock: one SQLite write transaction at a time per process-local
/// ``Database``, so in-process writers queue here instead of spinning on SQLITE_BUSY.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    func withLock<T>(_ body: () async throws -> T) async throws -> T {
        await lock()
        do {
            let result = try await body()
            unlock()
            return result
        } catch {
            unlock()
            throw error
        }
    }
}
