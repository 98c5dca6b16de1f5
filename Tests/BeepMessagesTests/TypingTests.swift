import BeepMessages
import BeepPlatformCore
import BeepStorage
import Foundation
import Synchronization
import Testing

/// Typing indicators (docs/events.md, "Typing"): the others who can see the channel hear of it,
/// once per window; refusals look like the messages API's.
@Suite struct TypingTests {
    private final class Recorder: Sendable {
        let events = Mutex<[TypingEvent]>([])
        let now = Mutex(Date(timeIntervalSince1970: 1_790_000_000))
    }

    @Test(arguments: DatabaseDialect.allCases)
    func typingReachesTheOtherViewersOncePerWindow(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let recorder = Recorder()
            let typing = TypingService(access: world.service.access, clock: { recorder.now.withLock { $0 } },
                                       publish: { event in recorder.events.withLock { $0.append(event) } })
            let event = try #require(try await typing.startTyping(actor: world.alice, channel: world.general))
            #expect(event.audience == [world.owner, world.bob])  // not alice herself, not carol
            #expect(event.userID == world.alice && event.serverID == world.server)
            let published = try event.published()
            #expect(published.type == "typing.started")
            #expect(published.dataJSON == #"{"channelId":"\#(world.general)","expiresInMs":8000,"serverId":"\#(world.server)","userId":"\#(world.alice)"}"#)

            recorder.now.withLock { $0 += 4.9 }
            #expect(try await typing.startTyping(actor: world.alice, channel: world.general) == nil)  // inside the window
            #expect(try await typing.startTyping(actor: world.bob, channel: world.general) != nil)  // another user
            recorder.now.withLock { $0 += 0.2 }
            #expect(try await typing.startTyping(actor: world.alice, channel: world.general) != nil)  // renewed
            #expect(recorder.events.withLock { $0.map(\.userID) } == [world.alice, world.bob, world.alice])

            let secret = try #require(try await typing.startTyping(actor: world.owner, channel: world.secret))
            #expect(secret.audience.isEmpty)  // only the owner sees it
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func typingIsRefusedWhereSendingIs(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let typing = TypingService(access: world.service.access, publish: { _ in })
            #expect(await messageErrorCode { try await typing.startTyping(actor: world.carol, channel: world.general) }
                == .notFound(what: "Channel"))
            #expect(await messageErrorCode { try await typing.startTyping(actor: world.alice, channel: world.secret) }
                == .notFound(what: "Channel"))
            #expect(await messageErrorCode { try await typing.startTyping(actor: world.alice, channel: world.voice) }
                == .invalid(field: "channel"))
            #expect(await messageErrorCode { try await typing.startTyping(actor: world.alice, channel: world.announcements) }
                == .forbidden)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func typingRoute(dialect: DatabaseDialect) async throws {
        try await MessageAPIHarness.with(dialect) { api in
            let path = "channels/\(api.world.general)/typing"
            let member = try await api.send(.post, path, as: api.world.alice)
            let outsider = try await api.send(.post, path, as: api.world.carol)
            let anonymous = try await api.send(.post, path, as: nil)
            #expect(member.status == .noContent)
            #expect(outsider.status == .notFound)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
