import BeepCommunities
import BeepCommunitiesAPI
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

/// `/api/v1/servers/{id}/members` and `/bans`: list, kick, ban, unban, with the role hierarchy.
@Suite(.serialized)
struct MemberAPITests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, carol = TestUser.carol
    static let mallory = TestUser.mallory

    @Test("members: listed and paged for members; 403 for non-members of a public server, 404 for a private one")
    func list() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner)
            for user in [Self.alice, Self.bob, Self.carol] {
                #expect(try await api.send(.post, "servers/\(server)/join", as: user).status == .ok)
            }
            let first = try await api.send(.get, "servers/\(server)/members?limit=3", as: Self.bob).json(Page<MemberJSON>.self)
            #expect(first.items.map(\.userId) == [Self.owner, Self.alice, Self.bob])
            let rest = try await api.send(.get, "servers/\(server)/members?limit=3&cursor=\(first.nextCursor ?? "")", as: Self.bob)
                .json(Page<MemberJSON>.self)
            #expect(rest.items.map(\.userId) == [Self.carol] && rest.nextCursor == nil)
            #expect(try await api.send(.get, "servers/\(server)/members/\(Self.alice)", as: Self.bob).status == .ok)
            #expect(try await api.send(.get, "servers/\(server)/members/\(Self.mallory)", as: Self.bob).status == .notFound)
            #expect(try await api.send(.get, "servers/\(server)/members", as: Self.mallory).status == .forbidden)
            let hidden = try await api.createServer(Self.owner, visibility: "private")
            #expect(try await api.send(.get, "servers/\(hidden)/members", as: Self.mallory).status == .notFound)
        }
    }

    @Test("members carry their online presence from the presence source")
    func presence() async throws {
        try await withAPI(presence: FixedPresence(online: [Self.alice, Self.mallory])) { api in
            let server = try await api.createServer(Self.owner)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.alice).status == .ok)
            let page = try await api.send(.get, "servers/\(server)/members", as: Self.owner).json(Page<MemberJSON>.self)
            #expect(page.items.map(\.online) == [false, true])
            #expect(try await api.send(.get, "servers/\(server)/members/\(Self.alice)", as: Self.owner)
                .json(MemberJSON.self).online)
        }
    }

    @Test("kick: KICK_MEMBERS and a strictly higher role; never the owner", arguments: DatabaseDialect.allCases)
    func kick(dialect: DatabaseDialect) async throws {
        try await withAPI(dialect) { api in
            let server = try await api.createServer(Self.owner)
            for user in [Self.alice, Self.bob, Self.carol] {
                #expect(try await api.send(.post, "servers/\(server)/join", as: user).status == .ok)
            }
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.carol)", as: Self.bob).status == .forbidden)
            let moderator = try await api.giveRole(Self.alice, in: server, owner: Self.owner, permissions: ["kick_members"],
                                                   name: "mod")
            #expect(try await api.send(.put, "servers/\(server)/members/\(Self.bob)/roles/\(moderator)", as: Self.owner)
                .status == .noContent)
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.bob)", as: Self.alice).status == .forbidden,
                    "same highest role")
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.owner)", as: Self.alice).status == .forbidden)
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.carol)", as: Self.alice).status == .noContent)
            #expect(try await api.send(.get, "servers/\(server)/members/\(Self.carol)", as: Self.alice).status == .notFound)
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.carol)", as: Self.alice).status == .notFound)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.carol).status == .ok, "a kick is not a ban")
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.alice)", as: Self.owner).status == .noContent)
        }
    }

    @Test("ban: BAN_MEMBERS and hierarchy; banned users cannot rejoin until unbanned", arguments: DatabaseDialect.allCases)
    func ban(dialect: DatabaseDialect) async throws {
        try await withAPI(dialect) { api in
            let server = try await api.createServer(Self.owner)
            for user in [Self.alice, Self.bob] {
                #expect(try await api.send(.post, "servers/\(server)/join", as: user).status == .ok)
            }
            #expect(try await api.send(.put, "servers/\(server)/bans/\(Self.bob)", as: Self.alice).status == .forbidden)
            #expect(try await api.send(.get, "servers/\(server)/bans", as: Self.alice).status == .forbidden)
            _ = try await api.giveRole(Self.alice, in: server, owner: Self.owner, permissions: ["ban_members"])
            #expect(try await api.send(.put, "servers/\(server)/bans/\(Self.owner)", as: Self.alice).status == .forbidden)
            let longReason = String(repeating: "r", count: 513)
            let bad = try await api.send(.put, "servers/\(server)/bans/\(Self.bob)", as: Self.alice,
                                         json: #"{"reason":"\#(longReason)"}"#)
            #expect(bad.status == .badRequest && bad.error?.field == "reason")
            let banned = try await api.send(.put, "servers/\(server)/bans/\(Self.bob)", as: Self.alice, json: #"{"reason":"spam"}"#)
            #expect(try banned.status == .created && (banned.json(BanJSON.self)).reason == "spam")
            #expect(try await api.send(.get, "servers/\(server)", as: Self.bob).status == .ok, "public: still visible")
            #expect(try await api.send(.get, "servers/\(server)/members/\(Self.bob)", as: Self.alice).status == .notFound)
            let rejoin = try await api.send(.post, "servers/\(server)/join", as: Self.bob)
            #expect(rejoin.status == .forbidden && rejoin.error?.message.contains("banned") == true)
            // Pre-emptive ban of a non-member.
            #expect(try await api.send(.put, "servers/\(server)/bans/\(Self.mallory)", as: Self.alice).status == .created)
            let bans = try await api.send(.get, "servers/\(server)/bans", as: Self.alice).json(ListJSON<BanJSON>.self)
            #expect(bans.items.map(\.userId) == [Self.bob, Self.mallory])
            #expect(try await api.send(.delete, "servers/\(server)/bans/\(Self.bob)", as: Self.bob).status == .forbidden)
            #expect(try await api.send(.delete, "servers/\(server)/bans/\(Self.bob)", as: Self.alice).status == .noContent)
            #expect(try await api.send(.delete, "servers/\(server)/bans/\(Self.bob)", as: Self.alice).status == .notFound)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.bob).status == .ok)
            // Banned from a private server: the invite does not help.
            let hidden = try await api.createServer(Self.owner, visibility: "private")
            #expect(try await api.send(.put, "servers/\(hidden)/bans/\(Self.carol)", as: Self.owner).status == .created)
            let invite = try await api.send(.post, "servers/\(hidden)/invites", as: Self.owner).json(InviteJSON.self)
            #expect(try await api.send(.post, "invites/\(invite.code)/accept", as: Self.carol).status == .forbidden)
            #expect(try await api.send(.get, "servers/\(hidden)/bans", as: Self.mallory).status == .notFound)
        }
    }
}
