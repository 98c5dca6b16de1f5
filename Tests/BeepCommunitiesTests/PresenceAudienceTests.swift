import BeepCommunities
import BeepCommunitiesAPI
import BeepPlatformCore
import BeepStorage
import Testing

/// Who hears of a user's presence (docs/events.md, "Presence"): co-members of servers at or
/// under the fan-out limit on every session; members of larger servers only on sessions
/// watching that server's member list; and who may watch one.
@Suite struct PresenceAudienceTests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, carol = TestUser.carol
    static let dave = TestUser.dave

    @Test("past the fan-out limit a server's members hear of presence only through its member list",
          arguments: DatabaseDialect.allCases)
    func largeServersGoToMemberLists(dialect: DatabaseDialect) async throws {
        try await withService(dialect, limits: CommunityLimits(presenceFanOutMembers: 2)) { service, _ in
            let small = try await service.createServer(actor: Self.owner, name: "Small", visibility: .public)
            let large = try await service.createServer(actor: Self.bob, name: "Lecture", visibility: .public)
            _ = try await service.join(actor: Self.alice, server: small.id)  // 2 members: at the limit
            for user in [Self.alice, Self.carol] { _ = try await service.join(actor: user, server: large.id) }  // 3
            let event = try await service.presenceEvent(user: Self.alice, status: .online)
            #expect(event.audience == [Self.owner, Self.alice])  // not bob nor carol on every session
            #expect(event.memberLists == [large.id: [Self.bob, Self.alice, Self.carol]])
            let staged = event.staged(stream: "presence:\(Self.alice)")
            #expect(staged.audience == [Self.owner.description, Self.alice.description])
            #expect(staged.memberListAudience
                == [large.id.description: [Self.bob.description, Self.alice.description, Self.carol.description]])
            // bob is only in the large server: his presence goes to its list and to himself.
            let bobs = try await service.presenceEvent(user: Self.bob, status: .idle)
            #expect(bobs.audience == [Self.bob])
            #expect(bobs.memberLists.keys.sorted() == [large.id])
        }
    }

    @Test("at or under the default limit nothing changes: every co-member hears", arguments: DatabaseDialect.allCases)
    func smallServersReachEveryone(dialect: DatabaseDialect) async throws {
        try await withService(dialect) { service, _ in
            let server = try await service.createServer(actor: Self.bob, name: "Lecture", visibility: .public)
            for user in [Self.alice, Self.carol] { _ = try await service.join(actor: user, server: server.id) }
            let event = try await service.presenceEvent(user: Self.alice, status: .online)
            #expect(event.audience == [Self.bob, Self.alice, Self.carol])
            #expect(event.memberLists.isEmpty)
            #expect(event.staged(stream: "s").memberListAudience.isEmpty)
        }
    }

    @Test("only members may watch a member list, refused the way the members endpoint refuses",
          arguments: DatabaseDialect.allCases)
    func watchingNeedsMembership(dialect: DatabaseDialect) async throws {
        try await withService(dialect) { service, _ in
            let open = try await service.createServer(actor: Self.bob, name: "Lecture", visibility: .public)
            let closed = try await service.createServer(actor: Self.bob, name: "Staff", visibility: .private)
            _ = try await service.join(actor: Self.alice, server: open.id)
            #expect(await service.memberListRefusal(actor: Self.alice, server: open.id.description) == nil)
            #expect(await service.memberListRefusal(actor: Self.bob, server: closed.id.description) == nil)
            #expect(await service.memberListRefusal(actor: Self.dave, server: open.id.description) == "Join this server first.")
            #expect(await service.memberListRefusal(actor: Self.alice, server: closed.id.description) == "Server not found.")
            #expect(await service.memberListRefusal(actor: Self.alice, server: "4242") == "Server not found.")
            #expect(await service.memberListRefusal(actor: Self.alice, server: "not-an-id") == "Server not found.")
            try await service.leave(actor: Self.alice, server: open.id)
            #expect(await service.memberListRefusal(actor: Self.alice, server: open.id.description) == "Join this server first.")
        }
    }
}
