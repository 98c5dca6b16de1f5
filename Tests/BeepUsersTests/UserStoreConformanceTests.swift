import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import BeepUsers
import Foundation
import Testing

/// The `UserStore` contract, run against SQLite and PostgreSQL.
@Suite struct UserStoreConformanceTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func user(_ id: Int64, _ name: String) -> UserRecord {
        UserRecord(id: Snowflake(rawValue: id), firstName: "F", lastName: "L", username: name, email: "\(name)@x.io",
                   passwordHash: "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                   language: .fr, createdAt: now, updatedAt: now)
    }

    static func withStore(_ dialect: DatabaseDialect, _ body: (SQLUserStore) async throws -> Void) async throws {
        try await TestDatabases.with(dialect) { database in
            let store = SQLUserStore(database: database)
            try await store.migrate()
            try await store.migrate()
            try await body(store)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func usersRoundTripAndUniqueKeysAreCaseInsensitive(dialect: DatabaseDialect) async throws {
        try await Self.withStore(dialect) { store in
            let alice = Self.user(1, "Alice")
            try await store.createUser(alice)
            #expect(try await store.user(id: alice.id) == alice)
            #expect(try await store.user(emailKey: "alice@x.io") == alice)
            #expect(try await store.user(id: Snowflake(rawValue: 2)) == nil)
            let carl = Self.user(5, "carl")
            try await store.createUser(carl)
            let found = try await store.users(ids: [Snowflake(rawValue: 5), Snowflake(rawValue: 404), alice.id, alice.id])
            #expect(Set(found.map(\.username)) == ["Alice", "carl"])
            #expect(try await store.users(ids: []).isEmpty)
            let byName = try await store.users(usernameKeys: ["alice", "carl", "nobody", "alice"])
            #expect(Set(byName.map(\.id)) == [alice.id, carl.id])
            #expect(try await store.users(usernameKeys: ["ALICE"]).isEmpty)  // keys are lowercased already
            #expect(try await store.users(usernameKeys: []).isEmpty)

            var clash = Self.user(2, "ALICE")
            clash.email = "other@x.io"
            await #expect { try await store.createUser(clash) } throws: {
                ($0 as? StorageError)?.isUniqueViolation(column: "username_key") == true
            }
            var emailClash = Self.user(3, "bob")
            emailClash.email = "Alice@X.io"
            await #expect { try await store.createUser(emailClash) } throws: {
                ($0 as? StorageError)?.isUniqueViolation(column: "email_key") == true
            }
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func totpStepsOnlyMoveForward(dialect: DatabaseDialect) async throws {
        try await Self.withStore(dialect) { store in
            let user = Self.user(1, "u")
            try await store.createUser(user)
            try await store.enableTOTP(userID: user.id, secret: "JBSWY3DPEHPK3PXP", confirmedStep: 100,
                                       recoveryCodeHashes: ["h1", "h2"], now: Self.now)
            #expect(try await store.consumeTOTPStep(userID: user.id, step: 100) == false)
            #expect(try await store.consumeTOTPStep(userID: user.id, step: 99) == false)
            #expect(try await store.consumeTOTPStep(userID: user.id, step: 101) == true)
            #expect(try await store.consumeTOTPStep(userID: user.id, step: 101) == false)
            // Concurrent use of the same step: exactly one wins.
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await store.consumeTOTPStep(userID: user.id, step: 102) } }
                var count = 0
                for try await won in group where won { count += 1 }
                return count
            }
            #expect(wins == 1)
            #expect(try await store.remainingRecoveryCodes(userID: user.id) == 2)
            #expect(try await store.consumeRecoveryCode(userID: user.id, hash: "h1", now: Self.now))
            #expect(try await store.consumeRecoveryCode(userID: user.id, hash: "h1", now: Self.now) == false)
            #expect(try await store.consumeRecoveryCode(userID: user.id, hash: "nope", now: Self.now) == false)
            #expect(try await store.remainingRecoveryCodes(userID: user.id) == 1)
            try await store.disableTOTP(userID: user.id)
            #expect(try await store.user(id: user.id)?.totpSecret == nil)
            #expect(try await store.remainingRecoveryCodes(userID: user.id) == 0)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func refreshRotationDetectsReuseEvenUnderConcurrency(dialect: DatabaseDialect) async throws {
        try await Self.withStore(dialect) { store in
            let user = Self.user(1, "u")
            try await store.createUser(user)
            let session = SessionRecord(id: Snowflake(rawValue: 10), userID: user.id, createdAt: Self.now,
                                        lastUsedAt: Self.now, expiresAt: Self.now.addingTimeInterval(3600), userAgent: "test")
            try await store.createSession(session, refreshTokenHash: "t0")
            #expect(try await store.isSessionActive(id: session.id, userID: user.id, now: Self.now))
            #expect(try await store.isSessionActive(id: session.id, userID: Snowflake(rawValue: 2), now: Self.now) == false)

            // Eight clients race with the same token: one rotation, the rest are reuse and revoke the family.
            let outcomes = try await withThrowingTaskGroup(of: RefreshOutcome.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await store.rotateRefreshToken(presentedHash: "t0", newHash: "t1-\(index)",
                                                           newExpiry: Self.now.addingTimeInterval(7200), now: Self.now)
                    }
                }
                var all: [RefreshOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let rotated = outcomes.filter { if case .rotated = $0 { return true } else { return false } }
            #expect(rotated.count == 1)
            #expect(outcomes.contains(.reused(sessionID: session.id)))
            #expect(try await store.isSessionActive(id: session.id, userID: user.id, now: Self.now) == false)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func sessionsExpireAndRevoke(dialect: DatabaseDialect) async throws {
        try await Self.withStore(dialect) { store in
            let user = Self.user(1, "u")
            try await store.createUser(user)
            for id in 10...12 {
                try await store.createSession(SessionRecord(id: Snowflake(rawValue: Int64(id)), userID: user.id, createdAt: Self.now,
                                                            lastUsedAt: Self.now, expiresAt: Self.now.addingTimeInterval(60),
                                                            userAgent: "ua\(id)"), refreshTokenHash: "t\(id)")
            }
            #expect(try await store.activeSessions(userID: user.id, now: Self.now).map(\.id.rawValue) == [12, 11, 10])
            #expect(try await store.activeSessions(userID: user.id, now: Self.now.addingTimeInterval(61)).isEmpty)
            let expired = try await store.rotateRefreshToken(presentedHash: "t10", newHash: "x", newExpiry: Self.now,
                                                             now: Self.now.addingTimeInterval(61))
            #expect(expired == .invalid)
            #expect(try await store.revokeSession(id: Snowflake(rawValue: 10), userID: Snowflake(rawValue: 99), now: Self.now) == false)
            #expect(try await store.revokeSession(id: Snowflake(rawValue: 10), userID: user.id, now: Self.now))
            #expect(try await store.revokeSessions(userID: user.id, keeping: Snowflake(rawValue: 12), now: Self.now) == 1)
            #expect(try await store.activeSessions(userID: user.id, now: Self.now).map(\.id.rawValue) == [12])
        }
    }
}
