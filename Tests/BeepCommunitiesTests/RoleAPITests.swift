import BeepCommunities
import BeepCommunitiesAPI
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

/// `/api/v1/servers/{id}/roles` and role assignment, with the hierarchy rules.
@Suite(.serialized)
struct RoleAPITests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, mallory = TestUser.mallory

    @Test("create: MANAGE_ROLES (403 without); unknown permission names are 400 naming the entry; only held permissions")
    func create() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.alice).status == .ok)
            #expect(try await api.send(.post, "servers/\(server)/roles", as: Self.alice, json: #"{"name":"x"}"#).status
                == .forbidden)
            #expect(try await api.send(.post, "servers/\(server)/roles", as: Self.mallory, json: #"{"name":"x"}"#).status
                == .forbidden)
            let unknown = try await api.send(.post, "servers/\(server)/roles", as: Self.owner,
                                             json: #"{"name":"x","permissions":["view_channel","fly"]}"#)
            #expect(unknown.status == .badRequest && unknown.error?.field == "permissions.1")
            let colour = try await api.send(.post, "servers/\(server)/roles", as: Self.owner, json: #"{"name":"x","colour":16777216}"#)
            #expect(colour.status == .badRequest && colour.error?.field == "colour")
            _ = try await api.giveRole(Self.alice, in: server, owner: Self.owner, permissions: ["manage_roles", "kick_members"])
            let tooMuch = try await api.send(.post, "servers/\(server)/roles", as: Self.alice,
                                             json: #"{"name":"boss","permissions":["administrator"]}"#)
            #expect(tooMuch.status == .forbidden)
            let made = try await api.send(.post, "servers/\(server)/roles", as: Self.alice,
                                          json: #"{"name":"kicker","colour":255,"permissions":["kick_members"]}"#)
            #expect(made.status == .created)
            let role = try made.json(RoleJSON.self)
            #expect(role.position == 1 && role.colour == 255 && role.permissions == ["kick_members"])
            let roles = try await api.send(.get, "servers/\(server)/roles", as: Self.alice).json(ListJSON<RoleJSON>.self)
            #expect(roles.items.map(\.name) == ["@everyone", "kicker", "role"])
            #expect(roles.items.map(\.position) == [0, 1, 2])
        }
    }

    @Test("hierarchy: edit, move, assign and delete only below one's highest role", arguments: DatabaseDialect.allCases)
    func hierarchy(dialect: DatabaseDialect) async throws {
        try await withAPI(dialect) { api in
            let server = try await api.createServer(Self.owner)
            for user in [Self.alice, Self.bob] {
                #expect(try await api.send(.post, "servers/\(server)/join", as: user).status == .ok)
            }
            let low = try await api.send(.post, "servers/\(server)/roles", as: Self.owner, json: #"{"name":"low"}"#)
                .json(RoleJSON.self)
            let manager = try await api.giveRole(Self.alice, in: server, owner: Self.owner,
                                                 permissions: ["manage_roles"], name: "manager")
            let high = try await api.send(.post, "servers/\(server)/roles", as: Self.owner, json: #"{"name":"high"}"#)
                .json(RoleJSON.self)
            #expect(try await api.send(.patch, "servers/\(server)/roles/\(high.id)", as: Self.owner,
                                       json: #"{"position":3}"#).status == .ok)
            #expect(try await api.send(.patch, "servers/\(server)/roles/\(low.id)", as: Self.owner,
                                       json: #"{"position":1}"#).status == .ok)
            // New roles start at 1 and push the others up; after the two moves: low 1, manager 2, high 3.
            let order = try await api.send(.get, "servers/\(server)/roles", as: Self.alice).json(ListJSON<RoleJSON>.self)
            #expect(order.items.map(\.name) == ["@everyone", "low", "manager", "high"])

            #expect(try await api.send(.patch, "servers/\(server)/roles/\(high.id)", as: Self.alice,
                                       json: #"{"name":"mine"}"#).status == .forbidden)
            #expect(try await api.send(.patch, "servers/\(server)/roles/\(manager)", as: Self.alice,
                                       json: #"{"name":"mine"}"#).status == .forbidden, "not one's own highest role")
            let renamed = try await api.send(.patch, "servers/\(server)/roles/\(low.id)", as: Self.alice,
                                             json: #"{"name":"lower","colour":10}"#)
            #expect(try renamed.status == .ok && (renamed.json(RoleJSON.self)).name == "lower")
            #expect(try await api.send(.patch, "servers/\(server)/roles/\(low.id)", as: Self.alice,
                                       json: #"{"position":2}"#).status == .forbidden, "not up to one's own level")
            #expect(try await api.send(.patch, "servers/\(server)/roles/\(low.id)", as: Self.alice,
                                       json: #"{"position":0}"#).status == .badRequest)
            #expect(try await api.send(.put, "servers/\(server)/members/\(Self.bob)/roles/\(high.id)", as: Self.alice)
                .status == .forbidden)
            #expect(try await api.send(.put, "servers/\(server)/members/\(Self.bob)/roles/\(low.id)", as: Self.alice)
                .status == .noContent)
            #expect(try await api.send(.get, "servers/\(server)/members/\(Self.bob)", as: Self.alice)
                .json(MemberJSON.self).roleIds == [low.id])
            #expect(try await api.send(.put, "servers/\(server)/members/\(Self.mallory)/roles/\(low.id)", as: Self.alice)
                .status == .notFound)
            #expect(try await api.send(.put, "servers/\(server)/members/\(Self.bob)/roles/\(server)", as: Self.alice)
                .status == .badRequest, "@everyone is not assignable")
            #expect(try await api.send(.put, "servers/\(server)/members/\(Self.bob)/roles/999", as: Self.alice)
                .status == .notFound)
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.bob)/roles/\(low.id)", as: Self.alice)
                .status == .noContent)
            #expect(try await api.send(.delete, "servers/\(server)/members/\(Self.bob)/roles/\(low.id)", as: Self.alice)
                .status == .notFound)
            #expect(try await api.send(.delete, "servers/\(server)/roles/\(high.id)", as: Self.alice).status == .forbidden)
            #expect(try await api.send(.delete, "servers/\(server)/roles/\(server)", as: Self.owner).status == .badRequest)
            #expect(try await api.send(.delete, "servers/\(server)/roles/\(low.id)", as: Self.alice).status == .noContent)
            let after = try await api.send(.get, "servers/\(server)/roles", as: Self.alice).json(ListJSON<RoleJSON>.self)
            #expect(after.items.map(\.name) == ["@everyone", "manager", "high"])
            #expect(after.items.map(\.position) == [0, 1, 2], "positions close the gap")
            let everyone = try await api.send(.patch, "servers/\(server)/roles/\(server)", as: Self.owner, json: #"{"name":"all"}"#)
            #expect(everyone.status == .badRequest && everyone.error?.field == "name")
        }
    }
}
