import BeepMessages
import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit
import Testing

@Suite("Idempotent send")
struct IdempotentSendTests {
    @Test(arguments: DatabaseDialect.allCases)
    func retryWithTheSameNonceReturnsTheFirstMessage(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let draft = MessageDraft(content: "once", nonce: "client-123")
            let first = try await world.service.send(actor: world.alice, channel: world.general, draft)
            let retry = try await world.service.send(actor: world.alice, channel: world.general, draft)
            #expect(retry.message == first.message)
            #expect(first.event != nil)
            #expect(retry.event == nil)
            // The nonce is per author and per channel.
            let otherAuthor = try await world.service.send(actor: world.bob, channel: world.general, draft)
            #expect(otherAuthor.message.id != first.message.id)
            let otherChannel = try await world.service.send(actor: world.owner, channel: world.secret, draft)
            #expect(otherChannel.message.id != first.message.id)
            // No nonce: every send is new.
            let plain1 = try await world.send(world.alice, world.general, "again")
            let plain2 = try await world.send(world.alice, world.general, "again")
            #expect(plain1.id != plain2.id)
            let history = try await world.service.history(actor: world.alice, channel: world.general)
            #expect(history.count == 4)
            #expect(world.events.all.filter { $0.type == .created }.count == 5)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func racingRetriesCreateOneMessage(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let service = world.service
            let (alice, general) = (world.alice, world.general)
            let changes = try await withThrowingTaskGroup(of: MessageChange.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await service.send(actor: alice, channel: general, MessageDraft(content: "race", nonce: "n-1"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(changes.count == 8)
            #expect(Set(changes.map(\.message.id)).count == 1)
            #expect(changes.compactMap(\.event).count == 1)
            let history = try await world.service.history(actor: world.alice, channel: world.general)
            #expect(history.count == 1)
            #expect(world.events.all.count == 1)
        }
    }

    /// The unique index itself refuses a second row with the same author, channel and nonce
    /// (the guarantee the race relies on), and allows any number of rows without a nonce.
    @Test(arguments: DatabaseDialect.allCases)
    func uniqueIndexRefusesADuplicateNonce(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            func insert(_ id: Int64, nonce: String?) async throws {
                try await world.database.sql.raw("""
                    INSERT INTO messages (id, channel_id, server_id, author_id, content, mentions_everyone, has_link,
                                          created_at, nonce, position)
                    VALUES (\(bind: id), \(bind: world.general.rawValue), \(bind: world.server.rawValue),
                            \(bind: world.alice.rawValue), 'x', \(bind: false), \(bind: false), 0, \(bind: nonce), \(bind: id))
                    """).run()
            }
            try await insert(1, nonce: "dup")
            try await insert(2, nonce: nil)
            try await insert(3, nonce: nil)
            do {
                try await insert(4, nonce: "dup")
                Issue.record("a duplicate nonce was stored")
            } catch let error as StorageError {
                #expect(error.isUniqueViolation(column: "nonce"), "\(error)")
            }
        }
    }

    /// Two inserts with different ids and the same nonce, racing in the store: the unique index
    /// lets one in, the other reads it back.
    @Test(arguments: DatabaseDialect.allCases)
    func storeRaceIsDecidedByTheUniqueIndex(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let store = world.service.store
            let ids = SnowflakeGenerator(node: 9)
            let drafts = (0..<6).map { index in
                let now = Date()
                return Message(id: ids.next(now: now), channelID: world.general, serverID: world.server,
                               authorID: world.alice, content: "attempt \(index)", replyToID: nil, mentions: [world.bob],
                               mentionsEveryone: false, channelTags: [], hasLink: false, pinnedAt: nil,
                               createdAt: now, editedAt: nil, nonce: "same")
            }
            let outcomes = try await withThrowingTaskGroup(of: MessageInsertOutcome.self) { group in
                for draft in drafts { group.addTask { try await store.insert(draft) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let inserted = outcomes.filter { if case .inserted = $0 { true } else { false } }
            #expect(inserted.count == 1)
            #expect(Set(outcomes.map(\.message.id)).count == 1)
            #expect(outcomes.allSatisfy { $0.message.mentions == [world.bob] })
            #expect(try await store.history(channel: world.general, anchor: .latest, limit: 100).count == 1)
        }
    }
}
