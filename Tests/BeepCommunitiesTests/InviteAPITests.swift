import BeepCommunities
import BeepCommunitiesAPI
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

/// `/api/v1/servers/{id}/invites` and `/api/v1/invites/{code}`.
@Suite(.serialized)
struct InviteAPITests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, carol = TestUser.carol
    static let mallory = TestUser.mallory

    @Test("private servers: CREATE_INVITE needed (403 without); strangers get 404; invites admit, count and expire",
          arguments: DatabaseDialect.allCases)
    func privateServerInvites(dialect: DatabaseDialect) async throws {
        try await withAPI(dialect) { api in
            let server = try await api.createServer(Self.owner, visibility: "private")
            try await api.addMember(Self.alice, to: server, owner: Self.owner)
            // @everyone holds CREATE_INVITE by default: take it away to check the rule.
            let roles = try await api.send(.get, "servers/\(server)/roles", as: Self.owner).json(ListJSON<RoleJSON>.self)
            let everyone = try #require(roles.items.first { $0.isEveryone })
            let kept = everyone.permissions.filter { $0 != "create_invite" }.map { "\"\($0)\"" }.joined(separator: ",")
            #expect(try await api.send(.patch, "servers/\(server)/roles/\(everyone.id)", as: Self.owner,
                                       json: #"{"permissions":[\#(kept)]}"#).status == .ok)
            let denied = try await api.send(.post, "servers/\(server)/invites", as: Self.alice, json: "{}")
            #expect(denied.status == .forbidden)
            #expect(try await api.send(.post, "servers/\(server)/invites", as: Self.mallory, json: "{}").status == .notFound)
            let badAge = try await api.send(.post, "servers/\(server)/invites", as: Self.owner, json: #"{"maxAge":-1}"#)
            #expect(badAge.status == .badRequest && badAge.error?.field == "maxAge")
            let badUses = try await api.send(.post, "servers/\(server)/invites", as: Self.owner, json: #"{"maxUses":5000}"#)
            #expect(badUses.status == .badRequest && badUses.error?.field == "maxUses")

            let created = try await api.send(.post, "servers/\(server)/invites", as: Self.owner,
                                             json: #"{"maxAge":3600,"maxUses":1}"#)
            #expect(created.status == .created)
            let invite = try created.json(InviteJSON.self)
            #expect(invite.code.count == 10 && invite.maxUses == 1 && invite.expiresAt != nil)

            let preview = try await api.send(.get, "invites/\(invite.code)", as: Self.mallory)
            #expect(try preview.status == .ok && (preview.json(InvitePreviewJSON.self)).server.id.description == server)
            #expect(try await api.send(.post, "invites/\(invite.code)/accept", as: Self.bob).status == .ok)
            #expect(try await api.send(.get, "servers/\(server)", as: Self.bob).status == .ok)
            #expect(try await api.send(.post, "invites/\(invite.code)/accept", as: Self.carol).status == .notFound,
                    "used up")
            #expect(try await api.send(.get, "invites/\(invite.code)", as: Self.carol).status == .notFound)

            let timed = try await api.send(.post, "servers/\(server)/invites", as: Self.owner, json: #"{"maxAge":60}"#)
                .json(InviteJSON.self)
            api.clock.advance(61)
            #expect(try await api.send(.post, "invites/\(timed.code)/accept", as: Self.carol).status == .notFound, "expired")
            #expect(try await api.send(.get, "invites/nonsense!!", as: Self.carol).status == .notFound)
        }
    }

    @Test("public servers: any member may invite; list needs MANAGE_SERVER; revoke by creator or MANAGE_SERVER")
    func publicServerInvitesAndRevocation() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.alice).status == .ok)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.bob).status == .ok)
            #expect(try await api.send(.post, "servers/\(server)/invites", as: Self.mallory, json: "{}").status == .forbidden,
                    "a public server is visible, but only members invite")
            let mine = try await api.send(.post, "servers/\(server)/invites", as: Self.alice).json(InviteJSON.self)
            #expect(try await api.send(.get, "servers/\(server)/invites", as: Self.alice).status == .forbidden)
            let listed = try await api.send(.get, "servers/\(server)/invites", as: Self.owner).json(ListJSON<InviteJSON>.self)
            #expect(listed.items.map(\.code) == [mine.code])
            #expect(try await api.send(.delete, "invites/\(mine.code)", as: Self.bob).status == .forbidden)
            #expect(try await api.send(.delete, "invites/\(mine.code)", as: Self.mallory).status == .notFound)
            #expect(try await api.send(.delete, "invites/\(mine.code)", as: Self.alice).status == .noContent)
            #expect(try await api.send(.post, "invites/\(mine.code)/accept", as: Self.carol).status == .notFound, "revoked")
            let other = try await api.send(.post, "servers/\(server)/invites", as: Self.bob).json(InviteJSON.self)
            #expect(try await api.send(.delete, "invites/\(other.code)", as: Self.owner).status == .noContent)
        }
    }
}
