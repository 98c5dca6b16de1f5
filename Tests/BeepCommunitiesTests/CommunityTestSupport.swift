import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import Foundation
import Synchronization

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_790_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Users in tests: fixed ids, far from any generated snowflake.
enum TestUser {
    static func id(_ n: Int64) -> UserID { Snowflake(rawValue: 10_000 + n) }
    static let owner = id(1), alice = id(2), bob = id(3), carol = id(4), dave = id(5), mallory = id(66)
}

/// Opens a fresh migrated store of `dialect`, runs `body`, shuts the database down.
func withStore<T>(_ dialect: DatabaseDialect, _ body: (SQLCommunityStore, Database) async throws -> T) async throws -> T {
    try await TestDatabases.with(dialect) { database in
        let store = try await SQLCommunityStore.open(database)
        return try await body(store, database)
    }
}

/// A service over a fresh store of `dialect`, with a test clock.
func withService<T>(_ dialect: DatabaseDialect, limits: CommunityLimits = CommunityLimits(),
                    _ body: (CommunityService, TestClock) async throws -> T) async throws -> T {
    try await withStore(dialect) { store, _ in
        let clock = TestClock()
        let service = CommunityService(store: store, limits: limits, clock: { clock.now })
        return try await body(service, clock)
    }
}

/// The code of a thrown ``CommunityError``, or nil when something else (or nothing) was thrown.
func communityErrorCode(_ body: () async throws -> Void) async -> CommunityError.Code? {
    do {
        try await body()
        return nil
    } catch let error as CommunityError {
        return error.code
    } catch {
        return nil
    }
}
