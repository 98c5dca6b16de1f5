import BeepEventsOutbox
import BeepMessages
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

/// On PostgreSQL every message change writes its event to the events outbox in its own
/// transaction (docs/events.md, "Across processes"); nothing is written for a change that
/// did not happen.
@Suite("Message events in the outbox")
struct MessageOutboxTests {
    @Test func eachChangeWritesItsEventOnceInTheChannelStream() async throws {
        try await MessageTestWorld.with(.postgres) { world in
            let outbox = try #require(world.outbox)
            let draft = MessageDraft(content: "hello @bob", nonce: "n-1")
            let sent = try await world.service.send(actor: world.alice, channel: world.general, draft)
            _ = try await world.service.send(actor: world.alice, channel: world.general, draft)  // retry: no event
            _ = try await world.service.edit(actor: world.alice, channel: world.general, message: sent.message.id,
                                             content: "edited")
            _ = try await world.service.pin(actor: world.bob, channel: world.general, message: sent.message.id)
            _ = try await world.service.pin(actor: world.bob, channel: world.general, message: sent.message.id)  // no-op
            _ = try await world.service.delete(actor: world.alice, channel: world.general, message: sent.message.id)
            let rows = try await outbox.records(createdSince: 0)
            #expect(rows.map(\.staged.event.type) == ["message.created", "message.updated", "message.pinned",
                                                       "message.deleted"])
            #expect(rows.map(\.seq) == [1, 2, 3, 4])
            #expect(Set(rows.map(\.staged.stream)) == [StagedEvent.channelStream(world.general)])
            #expect(rows.allSatisfy { $0.staged.audience == Set(world.members.map(\.description)) })
            // What the outbox holds is what in-process delivery publishes.
            #expect(rows.map(\.staged) == (try world.events.all.map { try $0.staged() }))
        }
    }

    @Test func racingRetriesWriteOneEvent() async throws {
        try await MessageTestWorld.with(.postgres) { world in
            let outbox = try #require(world.outbox)
            let service = world.service
            let (alice, general) = (world.alice, world.general)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        _ = try await service.send(actor: alice, channel: general,
                                                   MessageDraft(content: "race", nonce: "same"))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await outbox.records(createdSince: 0).count == 1)
        }
    }
}
