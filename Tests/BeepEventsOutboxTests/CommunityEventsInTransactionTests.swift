import BeepCommunities
import BeepCommunitiesAPI
import BeepEventsOutbox
import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

/// A failure a test provokes inside a change's transaction.
private struct ProvokedFailure: Error {}

/// Wraps the outbox recorder: after the events are written, before the commit, it looks at the
/// database from another connection and notes what it saw; it can also fail on purpose.
private final class ProbingRecorder: CommunityEventRecorder {
    let outbox: EventOutbox
    let failAfterWriting: Bool
    /// (outbox rows, channels named `probe`) seen from outside while the change was open.
    let seenWhileOpen = Mutex<(rows: Int, channels: Int)?>(nil)

    init(outbox: EventOutbox, failAfterWriting: Bool = false) {
        self.outbox = outbox
        self.failAfterWriting = failAfterWriting
    }

    func record(_ events: [CommunityEvent], in db: any SQLDatabase) async throws {
        try await OutboxCommunityEventRecorder(outbox: outbox).record(events, in: db)
        let outside = (rows: try await CommunityEventsInTransactionTests.outboxRows(outbox).count,
                       channels: try await CommunityEventsInTransactionTests.probeChannels(outbox.database))
        seenWhileOpen.withLock { $0 = outside }
        if failAfterWriting { throw ProvokedFailure() }
    }
}

/// Community events are written to the events outbox inside their change's own transaction
/// (docs/events.md, "Across processes"), on SQLite and PostgreSQL: a change's event rows exist
/// if and only if the change committed, and become visible together with it.
@Suite struct CommunityEventsInTransactionTests {
    static let owner = UserID(rawValue: 10_001), alice = UserID(rawValue: 10_002)

    static func outboxRows(_ outbox: EventOutbox) async throws -> [OutboxRecord] {
        try await outbox.records(createdSince: 0)
    }

    static func probeChannels(_ database: Database) async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM communities_channels WHERE name = 'probe'").first()
        return Int(try row?.decode(column: "n", as: Int64.self) ?? -1)
    }

    /// A server with alice as a member, on a store recording through `recorder`; the outbox is
    /// emptied of the setup's events.
    private func withServer(_ dialect: DatabaseDialect, failing: Bool = false,
                            _ body: (CommunityService, Snowflake, EventOutbox, ProbingRecorder) async throws -> Void)
        async throws
    {
        try await TestDatabases.with(dialect) { database in
            let outbox = try await EventOutbox.open(database)
            let setup = CommunityService(store: try await SQLCommunityStore.open(database))
            let server = try await setup.createServer(actor: Self.owner, name: "Atomic", visibility: .public)
            _ = try await setup.join(actor: Self.alice, server: server.id)
            let recorder = ProbingRecorder(outbox: outbox, failAfterWriting: failing)
            let service = CommunityService(store: try await SQLCommunityStore.open(database, recorder: recorder))
            try await body(service, server.id, outbox, recorder)
        }
    }

    @Test("a committed change's events are in the outbox, in its server's stream, visible only with the change",
          arguments: DatabaseDialect.allCases)
    func committedChangeAndEventsAppearTogether(dialect: DatabaseDialect) async throws {
        try await withServer(dialect) { service, server, outbox, recorder in
            #expect(try await Self.outboxRows(outbox).isEmpty)
            let channel = try await service.createChannel(actor: Self.owner, server: server, kind: .text, name: "probe")
            let rows = try await Self.outboxRows(outbox)
            #expect(rows.map(\.staged.event.type) == ["channel.created"])
            #expect(rows.first?.staged.stream == "server:\(server)")
            #expect(rows.first?.staged.audience == [Self.owner.description, Self.alice.description])
            #expect(rows.first?.staged.event.dataJSON.contains("\"\(channel.id)\"") == true)
            // From another connection, before the commit: neither the channel nor its event.
            let whileOpen = recorder.seenWhileOpen.withLock { $0 }
            #expect(whileOpen?.rows == 0)
            #expect(whileOpen?.channels == 0)
            #expect(try await Self.probeChannels(outbox.database) == 1)

            try await service.kick(actor: Self.owner, server: server, target: Self.alice)
            #expect(try await Self.outboxRows(outbox).map(\.staged.event.type) == ["channel.created", "member.kicked"])
        }
    }

    @Test("a change that fails after writing rolls back with its events: neither remains",
          arguments: DatabaseDialect.allCases)
    func rolledBackChangeLeavesNoEvent(dialect: DatabaseDialect) async throws {
        try await withServer(dialect) { service, server, outbox, _ async throws in
            let channel = CommunityChannel(id: Snowflake(rawValue: 77), serverID: server, parentID: nil, kind: .text,
                                           name: "probe", topic: "", position: 5, overwrites: [])
            await #expect(throws: ProvokedFailure.self) {
                _ = try await service.store.change(server: server, removal: .left, events: true) { store in
                    try await store.createChannel(channel, maxChannels: 100)
                    throw ProvokedFailure()
                }
            }
            #expect(try await Self.probeChannels(outbox.database) == 0)
            #expect(try await Self.outboxRows(outbox).isEmpty)
            // A change the store refuses inside the transaction (the new owner is no member)
            // writes no event either.
            let refused = await #expect(throws: CommunityError.self) {
                _ = try await service.transferOwnership(actor: Self.owner, server: server, to: UserID(rawValue: 99_999))
            }
            #expect(refused?.code == .invalid(field: "userId"))
            #expect(try await Self.outboxRows(outbox).isEmpty)
        }
    }

    @Test("concurrent changes of one server each record exactly their own events", arguments: DatabaseDialect.allCases)
    func concurrentChangesRecordTheirOwnEvents(dialect: DatabaseDialect) async throws {
        try await withServer(dialect) { _, server, outbox, _ async throws in
            // The plain recorder: the probing one reads through the pool while it holds the
            // server's lock, which eight waiting joins would starve.
            let recorder = OutboxCommunityEventRecorder(outbox: outbox)
            let service = CommunityService(store: try await SQLCommunityStore.open(outbox.database, recorder: recorder))
            let joiners = (1...8).map { UserID(rawValue: 20_000 + $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for user in joiners { group.addTask { _ = try await service.join(actor: user, server: server) } }
                try await group.waitForAll()
            }
            let rows = try await Self.outboxRows(outbox)
            #expect(rows.map(\.staged.event.type) == Array(repeating: "member.joined", count: joiners.count))
            let joined = rows.compactMap { row -> String? in
                let body = try? JSONSerialization.jsonObject(with: Data(row.staged.event.dataJSON.utf8)) as? [String: Any]
                return body?["userId"] as? String
            }
            #expect(Set(joined) == Set(joiners.map(\.description)))
            // Each join's audience is the members right after it: one more each time, in seq order.
            #expect(rows.sorted { $0.seq < $1.seq }.map(\.staged.audience.count) == Array(3...10))
        }
    }

    @Test("when the events cannot be written the change does not commit", arguments: DatabaseDialect.allCases)
    func failedEventWriteRollsTheChangeBack(dialect: DatabaseDialect) async throws {
        try await withServer(dialect, failing: true) { service, server, outbox, recorder async throws in
            await #expect(throws: (any Error).self) {
                _ = try await service.createChannel(actor: Self.owner, server: server, kind: .text, name: "probe")
            }
            // The recorder did write its row inside the transaction; the rollback removed both.
            #expect(recorder.seenWhileOpen.withLock { $0 } != nil)
            #expect(try await Self.probeChannels(outbox.database) == 0)
            #expect(try await Self.outboxRows(outbox).isEmpty)
            #expect(try await service.members(actor: Self.owner, server: server).count == 2)
        }
    }
}
