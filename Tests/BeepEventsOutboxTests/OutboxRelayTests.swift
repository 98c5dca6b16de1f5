import BeepEvents
import BeepEventsOutbox
@testable import BeepEventsServer
import BeepStorage
import BeepStorageTestSupport
import Foundation
import Logging
import SQLKit
import Synchronization
import Testing

/// What a relay delivered, in order.
final class Deliveries: Sendable {
    private let events = Mutex<[StagedEvent]>([])

    func append(_ more: [StagedEvent]) { events.withLock { $0 += more } }
    var all: [StagedEvent] { events.withLock { $0 } }

    /// Waits (bounded) until `count` events arrived; returns them.
    func wait(for count: Int, seconds: Int = 20) async throws -> [StagedEvent] {
        for _ in 0..<(seconds * 20) where all.count < count { try await Task.sleep(for: .milliseconds(50)) }
        return all
    }
}

/// Two relays on one PostgreSQL schema stand for two `beep` processes (docs/events.md,
/// "Across processes").
@Suite(.serialized) struct OutboxRelayTests {
    static func relay(_ outbox: EventOutbox, node: Int, into deliveries: Deliveries) -> OutboxRelay {
        var configuration = OutboxRelayConfiguration()
        configuration.originStream = "node:\(node)"
        configuration.reconnectDelay = .milliseconds(300)
        return OutboxRelay(outbox: outbox, configuration: configuration, logger: Logger(label: "test.relay.\(node)"),
                           deliver: { deliveries.append($0) })
    }

    static func event(_ n: Int, stream: String) -> StagedEvent {
        StagedEvent(event: PublishedEvent(type: "test.event", dataJSON: "{\"n\":\(n)}"), audience: ["7"], stream: stream)
    }

    static func waitListening(_ relays: [OutboxRelay]) async throws {
        for _ in 0..<200 where !relays.allSatisfy(\.isListening) { try await Task.sleep(for: .milliseconds(50)) }
        let listening = relays.allSatisfy { $0.isListening }
        try #require(listening, "relays never started listening")
    }

    @Test func anEventCommittedThroughOneProcessReachesBothOnceInCommitOrder() async throws {
        try await TestDatabases.with(.postgres) { database in
            let outbox = try await EventOutbox.open(database)
            let (seenA, seenB) = (Deliveries(), Deliveries())
            let a = Self.relay(outbox, node: 1, into: seenA), b = Self.relay(outbox, node: 2, into: seenB)
            let tasks = [Task { await a.run() }, Task { await b.run() }]
            defer { tasks.forEach { $0.cancel() } }
            try await Self.waitListening([a, b])
            // In the writer's own transaction (as a message write does) and outside one.
            for n in 1...20 {
                _ = try await database.transaction { db in try await outbox.append(Self.event(n, stream: "channel:1"), in: db) }
            }
            for n in 21...30 { a.enqueue(Self.event(n, stream: "node:1")) }
            // A rolled-back write leaves no event.
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in
                    try await outbox.append(Self.event(999, stream: "channel:1"), in: db)
                    throw StorageError(.other, reason: "roll back")
                }
            }
            for seen in [seenA, seenB] {
                let got = try await seen.wait(for: 30)
                #expect(got.count == 30)
                let channel = got.filter { $0.stream == "channel:1" }.map(\.event.dataJSON)
                #expect(channel == (1...20).map { "{\"n\":\($0)}" })
                #expect(got.filter { $0.stream == "node:1" }.map(\.event.dataJSON) == (21...30).map { "{\"n\":\($0)}" })
                #expect(!got.contains { $0.event.dataJSON.contains("999") })
            }
        }
    }

    @Test func aProcessThatLostItsListeningConnectionCatchesUpWithoutLossOrDuplicates() async throws {
        try await TestDatabases.with(.postgres) { database in
            let outbox = try await EventOutbox.open(database)
            let seen = Deliveries()
            let receiver = Self.relay(outbox, node: 2, into: seen)
            let task = Task { await receiver.run() }
            defer { task.cancel() }
            try await Self.waitListening([receiver])
            for n in 1...10 { try await outbox.append([Self.event(n, stream: "channel:9")]) }
            _ = try await seen.wait(for: 10)
            // Cut the listening connection (as a network failure would), write while it is down.
            let cut = try await database.sql.raw("""
                SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
                WHERE query = \(bind: "LISTEN \"\(outbox.channel)\";")
                """).all()
            #expect(cut.count == 1)  // exactly the receiver's listening connection
            for n in 11...40 { try await outbox.append([Self.event(n, stream: n % 2 == 0 ? "channel:9" : "channel:10")]) }
            let got = try await seen.wait(for: 40)
            #expect(got.count == 40)
            #expect(Set(got.map(\.event.dataJSON)).count == 40)
            let nine = got.filter { $0.stream == "channel:9" }.compactMap { Int($0.event.dataJSON.dropFirst(5).dropLast()) }
            #expect(nine == nine.sorted())
            try await Task.sleep(for: .milliseconds(300))
            #expect(seen.all.count == 40)  // nothing delivered twice after catching up
        }
    }

    @Test func rowsOlderThanTheRetentionArePruned() async throws {
        try await TestDatabases.with(.postgres) { database in
            let outbox = try await EventOutbox.open(database)
            let old = Date(timeIntervalSince1970: 1_000)
            _ = try await database.transaction { db in try await outbox.append(Self.event(1, stream: "s"), in: db, now: old) }
            try await outbox.append([Self.event(2, stream: "s")])
            #expect(try await outbox.prune(before: OutboxTime.milliseconds(Date()) - 60_000) == 1)
            #expect(try await outbox.records(createdSince: 0).map(\.seq) == [2])
            #expect(try await outbox.streamHeads()["s"] == 2)
        }
    }
}
