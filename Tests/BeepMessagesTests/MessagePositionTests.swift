import BeepEventsOutbox
import BeepMessages
import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import Foundation
import SQLKit
import Testing

/// Every message's `position` numbers it in its channel in commit order, without gaps: what a
/// client re-syncing after missed events reads from (`afterPosition`, docs/events.md "Re-sync").
@Suite("Message positions")
struct MessagePositionTests {
    @Test(arguments: DatabaseDialect.allCases)
    func racingSendsGetContiguousPositionsPerChannel(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let service = world.service
            let (general, announcements) = (world.general, world.announcements)
            let senders = [world.owner, world.alice, world.bob, world.owner, world.alice, world.bob]
            // Each task sends in sequence, so its own sends commit in its order.
            let byTask = try await withThrowingTaskGroup(of: [Message].self) { group in
                for (task, sender) in senders.enumerated() {
                    group.addTask {
                        var sent: [Message] = []
                        for index in 0..<8 {
                            sent.append(try await service.send(actor: sender, channel: general,
                                                               MessageDraft(content: "t\(task) m\(index)")).message)
                        }
                        return sent
                    }
                }
                group.addTask {
                    var sent: [Message] = []
                    for index in 0..<5 {
                        sent.append(try await service.send(actor: world.owner, channel: announcements,
                                                           MessageDraft(content: "a\(index)")).message)
                    }
                    return sent
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for sent in byTask {
                #expect(zip(sent, sent.dropFirst()).allSatisfy { $0.position < $1.position }, "\(sent.map(\.position))")
            }
            let all = byTask.flatMap { $0 }
            #expect(all.filter { $0.channelID == general }.map(\.position).sorted() == Array(1...48))
            #expect(all.filter { $0.channelID == announcements }.map(\.position).sorted() == Array(1...5))
            // What the send returned is what is stored, and what its event carried.
            let stored = try await service.history(actor: world.owner, channel: general, anchor: .afterPosition(0),
                                                   limit: 100)
            #expect(stored.map(\.position) == Array(1...48))
            #expect(Set(stored) == Set(all.filter { $0.channelID == general }))
            let published = world.events.all.filter { $0.type == .created }.map(\.message)
            #expect(Set(published) == Set(all))
            if let outbox = world.outbox {
                // The channel stream's order is commit order: positions rise with `seq`.
                let rows = try await outbox.records(createdSince: 0)
                    .filter { $0.staged.stream == StagedEvent.channelStream(general) }.sorted { $0.seq < $1.seq }
                #expect(try rows.map { try Self.position(inBody: $0.staged.event.dataJSON) } == Array(1...48))
            }
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func nonceRetriesKeepThePositionAndTakeNone(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let first = try await world.send(world.alice, world.general, "once", nonce: "n-1")
            let retry = try await world.send(world.alice, world.general, "once", nonce: "n-1")
            #expect(first.position == 1)
            #expect(retry == first)
            let service = world.service
            let (bob, general) = (world.bob, world.general)
            let racers = try await withThrowingTaskGroup(of: Message.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await service.send(actor: bob, channel: general, MessageDraft(content: "race", nonce: "n-2")).message
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(racers.map(\.position)) == [2])
            // No retry, racing or not, used up a position.
            #expect(try await world.send(world.owner, world.general, "next").position == 3)
        }
    }

    /// Racing inserts of one nonce straight into the store: the losers roll back whole, so the
    /// next message still gets the next position.
    @Test(arguments: DatabaseDialect.allCases)
    func storeRaceLosersTakeNoPosition(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let store = world.service.store
            let ids = SnowflakeGenerator(node: 7)
            let drafts = (0..<6).map { _ in Self.message(in: world, id: ids.next(now: Date()), nonce: "same") }
            let outcomes = try await withThrowingTaskGroup(of: MessageInsertOutcome.self) { group in
                for draft in drafts { group.addTask { try await store.insert(draft) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(outcomes.map(\.message.position)) == [1])
            let next = try await store.insert(Self.message(in: world, id: ids.next(now: Date()), nonce: nil))
            #expect(next.message.position == 2)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func historyAfterPositionReturnsExactlyTheLaterMessages(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            var sent: [Message] = []
            for index in 0..<20 { sent.append(try await world.send(world.alice, world.general, "m\(index)")) }
            _ = try await world.send(world.owner, world.announcements, "elsewhere")
            // Edits and pins keep the position; a deletion leaves a hole.
            _ = try await world.service.edit(actor: world.alice, channel: world.general, message: sent[12].id,
                                             content: "edited")
            _ = try await world.service.pin(actor: world.bob, channel: world.general, message: sent[13].id)
            _ = try await world.service.delete(actor: world.alice, channel: world.general, message: sent[14].id)
            let service = world.service
            func page(after position: Int64, limit: Int = 100) async throws -> [Int64] {
                try await service.history(actor: world.bob, channel: world.general, anchor: .afterPosition(position),
                                          limit: limit).map(\.position)
            }
            #expect(try await page(after: 10) == [11, 12, 13, 14, 16, 17, 18, 19, 20])
            #expect(try await page(after: 0, limit: 3) == [1, 2, 3])
            #expect(try await page(after: 20).isEmpty)
            #expect(try await page(after: 500).isEmpty)
            let edited = try await service.history(actor: world.bob, channel: world.general, anchor: .afterPosition(12),
                                                   limit: 2)
            #expect(edited.map(\.content) == ["edited", "m13"])
            #expect(edited.last?.isPinned == true)
            // Paging by the last position visits every message once.
            var walked: [Int64] = []
            var after: Int64 = 0
            while true {
                let chunk = try await page(after: after, limit: 4)
                guard let last = chunk.last else { break }
                walked += chunk
                after = last
            }
            #expect(walked == (1...20).filter { $0 != 15 })
            // Someone who cannot see the channel reads nothing.
            #expect(await messageErrorCode {
                _ = try await service.history(actor: world.carol, channel: world.general, anchor: .afterPosition(0))
            } == .notFound(what: "Channel"))
        }
    }

    /// The gap the margin left (docs/events.md, "Re-sync"): a send whose id was drawn well
    /// before it committed. A client that saw the message committed before it re-syncs from
    /// that one's position and gets it; reading by id from a few seconds before (the old way)
    /// does not.
    @Test(arguments: DatabaseDialect.allCases)
    func aLateCommitIsFoundByAfterPosition(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let store = world.service.store
            let ids = SnowflakeGenerator(node: 5)
            let drawnEarly = ids.next(now: Date().addingTimeInterval(-10))
            let seen = try await store.insert(Self.message(in: world, id: ids.next(now: Date()), nonce: nil)).message
            let late = try await store.insert(Self.message(in: world, id: drawnEarly, nonce: nil)).message
            #expect(late.id < seen.id)
            #expect(late.position == seen.position + 1)
            let marginMilliseconds: Int64 = 5000
            let oldStart = Snowflake(rawValue: seen.id.rawValue - (marginMilliseconds << 22))
            let byID = try await store.history(channel: world.general, anchor: .after(oldStart), limit: 100)
            #expect(!byID.contains { $0.id == late.id })
            let byPosition = try await store.history(channel: world.general, anchor: .afterPosition(seen.position),
                                                     limit: 100)
            #expect(byPosition.map(\.id) == [late.id])
        }
    }

    /// Messages stored before positions existed get them in id order, per channel, and sends
    /// continue after them.
    @Test(arguments: DatabaseDialect.allCases)
    func migrationNumbersExistingMessagesInIDOrder(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            let before = MigrationSet(service: MessageMigrations.set.service,
                                      migrations: MessageMigrations.set.migrations.filter { $0.id != "0003-positions" })
            try await database.migrate(before)
            let rows: [(id: Int64, channel: Int64)] = [(30, 1), (10, 1), (20, 2), (40, 1), (50, 2)]
            for row in rows {
                try await database.sql.raw("""
                    INSERT INTO messages (id, channel_id, server_id, author_id, content, mentions_everyone, has_link,
                                          created_at)
                    VALUES (\(bind: row.id), \(bind: row.channel), 9, 8, 'old', \(bind: false), \(bind: false), 0)
                    """).run()
            }
            let store = try await SQLMessageStore.open(database)
            let channelOne = try await store.history(channel: Snowflake(rawValue: 1), anchor: .afterPosition(0), limit: 10)
            #expect(channelOne.map(\.id.rawValue) == [10, 30, 40])
            #expect(channelOne.map(\.position) == [1, 2, 3])
            let channelTwo = try await store.history(channel: Snowflake(rawValue: 2), anchor: .afterPosition(0), limit: 10)
            #expect(channelTwo.map(\.position) == [1, 2])
            let next = Message(id: Snowflake(rawValue: 60), channelID: Snowflake(rawValue: 1), serverID: Snowflake(rawValue: 9),
                               authorID: UserID(rawValue: 8), content: "new", replyToID: nil, mentions: [],
                               mentionsEveryone: false, channelTags: [], hasLink: false, pinnedAt: nil,
                               createdAt: Date(timeIntervalSince1970: 1), editedAt: nil, nonce: nil)
            #expect(try await store.insert(next).message.position == 4)
        }
    }

    static func message(in world: MessageTestWorld, id: Snowflake, nonce: String?) -> Message {
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        return Message(id: id, channelID: world.general, serverID: world.server, authorID: world.alice,
                       content: "stored", replyToID: nil, mentions: [world.bob], mentionsEveryone: false,
                       channelTags: [], hasLink: false, pinnedAt: nil, createdAt: now, editedAt: nil, nonce: nonce)
    }

    static func position(inBody json: String) throws -> Int64 {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["position"] as? Int64 ?? (object?["position"] as? Int).map(Int64.init))
    }
}
