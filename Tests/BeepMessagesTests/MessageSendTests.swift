import BeepMessages
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

@Suite("Sending, editing, deleting")
struct MessageSendTests {
    @Test(arguments: DatabaseDialect.allCases)
    func sendStoresAuthorTimeAndPublishesToViewersOnly(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let before = Date()
            let change = try await world.service.send(actor: world.alice, channel: world.general,
                                                      MessageDraft(content: "  hello **world**  "))
            let message = change.message
            #expect(message.content == "hello **world**")
            #expect(message.authorID == world.alice)
            #expect(message.channelID == world.general)
            #expect(message.serverID == world.server)
            #expect(message.createdAt.timeIntervalSince(before) > -1)
            #expect(message.editedAt == nil)
            let history = try await world.service.history(actor: world.bob, channel: world.general)
            #expect(history.map(\.id) == [message.id])
            #expect(history.first == message)
            let event = try #require(change.event)
            #expect(event.type == .created)
            #expect(event.audience.userIDs == world.members)
            #expect(!event.audience.includes(userID: world.carol.description))
            #expect(event.audience.includes(userID: world.alice.description))
            #expect(world.events.all.map(\.type) == [.created])
            let published = try event.published()
            #expect(published.type == "message.created")
            #expect(published.dataJSON.contains("\"content\":\"hello **world**\""))
            #expect(published.dataJSON.contains("\"authorId\":\"\(world.alice)\""))
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func privateChannelEventsReachOnlyThoseWhoSeeIt(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let change = try await world.service.send(actor: world.owner, channel: world.secret,
                                                      MessageDraft(content: "for my eyes"))
            #expect(change.event?.audience.userIDs == [world.owner])
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func audienceIsComputedWhenTheEventHappens(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let first = try await world.service.send(actor: world.bob, channel: world.general, MessageDraft(content: "one"))
            #expect(first.event?.audience.userIDs == world.members)
            try await world.communities.leave(actor: world.alice, server: world.server)
            let second = try await world.service.send(actor: world.bob, channel: world.general, MessageDraft(content: "two"))
            #expect(second.event?.audience.userIDs == [world.owner, world.bob])
            #expect(await messageErrorCode {
                _ = try await world.service.history(actor: world.alice, channel: world.general)
            } == .notFound(what: "Channel"))
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func refusals(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            // Not a member, hidden channel, unknown channel: all look the same.
            #expect(await messageErrorCode { try await world.send(world.carol, world.general, "hi") }
                == .notFound(what: "Channel"))
            #expect(await messageErrorCode { try await world.send(world.alice, world.secret, "hi") }
                == .notFound(what: "Channel"))
            #expect(await messageErrorCode { try await world.send(world.alice, Snowflake(rawValue: 42), "hi") }
                == .notFound(what: "Channel"))
            #expect(await messageErrorCode { _ = try await world.service.history(actor: world.alice, channel: world.secret) }
                == .notFound(what: "Channel"))
            // Visible but no SEND_MESSAGES.
            #expect(await messageErrorCode { try await world.send(world.alice, world.announcements, "hi") } == .forbidden)
            #expect(try await world.send(world.owner, world.announcements, "owner may").authorID == world.owner)
            // Content rules.
            #expect(await messageErrorCode { try await world.send(world.alice, world.general, "") }
                == .invalid(field: "content"))
            #expect(await messageErrorCode { try await world.send(world.alice, world.general, " \n\t ") }
                == .invalid(field: "content"))
            #expect(await messageErrorCode { try await world.send(world.alice, world.general, String(repeating: "a", count: 4001)) }
                == .invalid(field: "content"))
            #expect(try await world.send(world.alice, world.general, String(repeating: "é", count: 4000)).content.count == 4000)
            // 100 characters, but each one a 400-scalar cluster: over the byte cap.
            let heavy = String(repeating: "a" + String(repeating: "\u{301}", count: 400), count: 100)
            #expect(heavy.count == 100)
            #expect(await messageErrorCode { try await world.send(world.alice, world.general, heavy) } == .invalid(field: "content"))
            #expect(await messageErrorCode { try await world.send(world.alice, world.general, "x", nonce: String(repeating: "n", count: 65)) }
                == .invalid(field: "nonce"))
            #expect(await messageErrorCode { try await world.send(world.alice, world.voice, "hi") } == .invalid(field: "channel"))
            // Nothing refused was stored.
            let history = try await world.service.history(actor: world.owner, channel: world.general)
            #expect(history.count == 1)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func repliesStayInTheirChannel(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let first = try await world.send(world.alice, world.general, "question?")
            let answer = try await world.send(world.bob, world.general, "answer", replyTo: first.id)
            #expect(answer.replyToID == first.id)
            let elsewhere = try await world.send(world.owner, world.secret, "hidden")
            #expect(await messageErrorCode { try await world.send(world.owner, world.general, "x", replyTo: elsewhere.id) }
                == .invalid(field: "replyTo"))
            #expect(await messageErrorCode { try await world.send(world.owner, world.general, "x", replyTo: Snowflake(rawValue: 7)) }
                == .invalid(field: "replyTo"))
            let stored = try await world.service.message(actor: world.alice, channel: world.general, id: answer.id)
            #expect(stored.replyToID == first.id)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func editOwnOnly(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let message = try await world.send(world.alice, world.general, "typo")
            let change = try await world.service.edit(actor: world.alice, channel: world.general, message: message.id,
                                                      content: "fixed @bob")
            #expect(change.message.content == "fixed @bob")
            #expect(change.message.editedAt != nil)
            #expect(change.message.mentions == [world.bob])
            #expect(change.event?.type == .updated)
            let stored = try await world.service.message(actor: world.bob, channel: world.general, id: message.id)
            #expect(stored.content == "fixed @bob")
            #expect(stored.mentions == [world.bob])
            #expect(stored.editedAt != nil)
            // Someone else's, even with MANAGE_MESSAGES (bob) or as owner: forbidden.
            #expect(await messageErrorCode {
                _ = try await world.service.edit(actor: world.bob, channel: world.general, message: message.id, content: "mine")
            } == .forbidden)
            #expect(await messageErrorCode {
                _ = try await world.service.edit(actor: world.owner, channel: world.general, message: message.id, content: "x")
            } == .forbidden)
            #expect(await messageErrorCode {
                _ = try await world.service.edit(actor: world.alice, channel: world.general, message: message.id, content: "")
            } == .invalid(field: "content"))
            // The right id through the wrong channel is not found.
            #expect(await messageErrorCode {
                _ = try await world.service.edit(actor: world.alice, channel: world.announcements, message: message.id, content: "x")
            } == .notFound(what: "Message"))
            #expect(await messageErrorCode {
                _ = try await world.service.edit(actor: world.carol, channel: world.general, message: message.id, content: "x")
            } == .notFound(what: "Channel"))
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func deleteOwnOrWithManageMessages(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let byAlice = try await world.send(world.alice, world.general, "one")
            let alsoByAlice = try await world.send(world.alice, world.general, "two")
            let byOwner = try await world.send(world.owner, world.general, "three")
            #expect(await messageErrorCode {
                _ = try await world.service.delete(actor: world.alice, channel: world.general, message: byOwner.id)
            } == .forbidden)
            let event = try await world.service.delete(actor: world.alice, channel: world.general, message: byAlice.id)
            #expect(event.type == .deleted)
            #expect(event.audience.userIDs == world.members)
            #expect(try event.published().dataJSON == "{\"channelId\":\"\(world.general)\",\"id\":\"\(byAlice.id)\",\"serverId\":\"\(world.server)\"}")
            _ = try await world.service.delete(actor: world.bob, channel: world.general, message: alsoByAlice.id)
            let left = try await world.service.history(actor: world.alice, channel: world.general)
            #expect(left.map(\.id) == [byOwner.id])
            #expect(await messageErrorCode {
                _ = try await world.service.delete(actor: world.alice, channel: world.general, message: byAlice.id)
            } == .notFound(what: "Message"))
            #expect(world.events.all.map(\.type) == [.created, .created, .created, .deleted, .deleted])
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func pinsNeedManageMessagesAndAreListed(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect, limits: MessageLimits(maxPinsPerChannel: 2)) { world in
            let first = try await world.send(world.alice, world.general, "first")
            let second = try await world.send(world.alice, world.general, "second")
            let third = try await world.send(world.alice, world.general, "third")
            #expect(await messageErrorCode {
                _ = try await world.service.pin(actor: world.alice, channel: world.general, message: first.id)
            } == .forbidden)
            let pinned = try await world.service.pin(actor: world.bob, channel: world.general, message: first.id)
            #expect(pinned.message.isPinned)
            #expect(pinned.event?.type == .pinned)
            let again = try await world.service.pin(actor: world.bob, channel: world.general, message: first.id)
            #expect(again.event == nil)
            _ = try await world.service.pin(actor: world.owner, channel: world.general, message: second.id)
            #expect(await messageErrorCode {
                _ = try await world.service.pin(actor: world.bob, channel: world.general, message: third.id)
            } == .conflict)
            let pins = try await world.service.pins(actor: world.alice, channel: world.general)
            #expect(Set(pins.map(\.id)) == [first.id, second.id])
            let allPinned = pins.allSatisfy { $0.isPinned }
            #expect(allPinned)
            let unpinned = try await world.service.unpin(actor: world.bob, channel: world.general, message: first.id)
            #expect(!unpinned.message.isPinned)
            #expect(unpinned.event?.type == .unpinned)
            #expect(try await world.service.pins(actor: world.alice, channel: world.general).map(\.id) == [second.id])
            #expect(await messageErrorCode { _ = try await world.service.pins(actor: world.carol, channel: world.general) }
                == .notFound(what: "Channel"))
        }
    }
}

