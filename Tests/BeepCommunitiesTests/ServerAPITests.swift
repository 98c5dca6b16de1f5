import BeepCommunities
import BeepCommunitiesAPI
import BeepPlatformCore
import BeepStorage
import Foundation
import Hummingbird
import Testing

/// `/api/v1/servers...`: create, read, update, delete, discover, join, leave, transfer.
@Suite(.serialized)
struct ServerAPITests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, mallory = TestUser.mallory

    @Test("every route refuses an unauthenticated caller with 401")
    func unauthenticated() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner)
            let routes: [(HTTPRequest.Method, String)] = [
                (.post, "servers"), (.get, "servers"), (.get, "me/servers"), (.get, "servers/\(server)"),
                (.patch, "servers/\(server)"), (.delete, "servers/\(server)"), (.post, "servers/\(server)/join"),
                (.post, "servers/\(server)/leave"), (.post, "servers/\(server)/transfer"),
                (.get, "servers/\(server)/members"), (.get, "servers/\(server)/members/1"),
                (.delete, "servers/\(server)/members/1"), (.put, "servers/\(server)/members/1/roles/2"),
                (.delete, "servers/\(server)/members/1/roles/2"), (.get, "servers/\(server)/bans"),
                (.put, "servers/\(server)/bans/1"), (.delete, "servers/\(server)/bans/1"),
                (.get, "servers/\(server)/roles"), (.post, "servers/\(server)/roles"),
                (.patch, "servers/\(server)/roles/1"), (.delete, "servers/\(server)/roles/1"),
                (.get, "servers/\(server)/channels"), (.post, "servers/\(server)/channels"),
                (.get, "channels/1"), (.patch, "channels/1"), (.delete, "channels/1"),
                (.put, "channels/1/overwrites/role/2"), (.delete, "channels/1/overwrites/role/2"),
                (.get, "channels/1/permissions"), (.get, "channels/1/voice-access"),
                (.post, "servers/\(server)/invites"), (.get, "servers/\(server)/invites"),
                (.get, "invites/abcdefghij"), (.post, "invites/abcdefghij/accept"), (.delete, "invites/abcdefghij"),
            ]
            for (method, path) in routes {
                let reply = try await api.send(method, path, as: nil, json: "{}")
                #expect(reply.status == .unauthorized, "\(method) \(path)")
                #expect(reply.error?.code == "unauthorized", "\(method) \(path)")
            }
        }
    }

    @Test("create: 201 with the server; 400 naming the field for bad input", arguments: DatabaseDialect.allCases)
    func create(dialect: DatabaseDialect) async throws {
        try await withAPI(dialect) { api in
            let created = try await api.send(.post, "servers", as: Self.owner,
                                             json: #"{"name":"  Crab club ","description":"Rust","visibility":"private","bannerId":"42"}"#)
            #expect(created.status == .created)
            let server = try created.json(ServerJSON.self)
            #expect(server.name == "Crab club" && server.ownerId == Self.owner && server.visibility == .private)
            #expect(server.bannerId == Snowflake(rawValue: 42) && server.pictureId == nil)

            let empty = try await api.send(.post, "servers", as: Self.owner, json: #"{"name":"  ","visibility":"public"}"#)
            #expect(empty.status == .badRequest && empty.error?.field == "name")
            let long = String(repeating: "x", count: 101)
            let tooLong = try await api.send(.post, "servers", as: Self.owner, json: #"{"name":"\#(long)","visibility":"public"}"#)
            #expect(tooLong.status == .badRequest && tooLong.error?.field == "name")
            let visibility = try await api.send(.post, "servers", as: Self.owner, json: #"{"name":"a","visibility":"secret"}"#)
            #expect(visibility.status == .badRequest && visibility.error?.field == "visibility")
            let missing = try await api.send(.post, "servers", as: Self.owner, json: #"{"visibility":"public"}"#)
            #expect(missing.status == .badRequest && missing.error?.field == "name")
            let description = String(repeating: "d", count: 1001)
            let longText = try await api.send(.post, "servers", as: Self.owner,
                                              json: #"{"name":"a","visibility":"public","description":"\#(description)"}"#)
            #expect(longText.status == .badRequest && longText.error?.field == "description")
            let huge = String(repeating: "h", count: 5000)
            let tooLarge = try await api.send(.post, "servers", as: Self.owner, json: #"{"name":"\#(huge)","visibility":"public"}"#)
            #expect(tooLarge.status == .contentTooLarge)
        }
    }

    @Test("read: public servers to anyone, private ones only to members (404 otherwise, same as missing)")
    func read() async throws {
        try await withAPI { api in
            let open = try await api.createServer(Self.owner, name: "Open")
            let hidden = try await api.createServer(Self.owner, name: "Hidden", visibility: "private")
            #expect(try await api.send(.get, "servers/\(open)", as: Self.mallory).status == .ok)
            let stranger = try await api.send(.get, "servers/\(hidden)", as: Self.mallory)
            let missing = try await api.send(.get, "servers/123456789", as: Self.mallory)
            #expect(stranger.status == .notFound && missing.status == .notFound)
            #expect(stranger.body == missing.body, "a private server looks exactly like a missing one")
            #expect(try await api.send(.get, "servers/not-an-id", as: Self.mallory).status == .notFound)
            #expect(try await api.send(.get, "servers/\(hidden)", as: Self.owner).status == .ok)
            let mine = try await api.send(.get, "me/servers", as: Self.owner).json(ListJSON<ServerJSON>.self)
            #expect(mine.items.map(\.name) == ["Open", "Hidden"])
        }
    }

    @Test("update: MANAGE_SERVER; 403 for members without it, 404 for strangers, 400 for bad fields")
    func update() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner, visibility: "private")
            try await api.addMember(Self.alice, to: server, owner: Self.owner)
            let denied = try await api.send(.patch, "servers/\(server)", as: Self.alice, json: #"{"name":"Mine"}"#)
            #expect(denied.status == .forbidden && denied.error?.code == "forbidden")
            #expect(try await api.send(.patch, "servers/\(server)", as: Self.mallory, json: #"{"name":"x"}"#).status == .notFound)
            _ = try await api.giveRole(Self.alice, in: server, owner: Self.owner, permissions: ["manage_server"])
            let changed = try await api.send(.patch, "servers/\(server)", as: Self.alice,
                                             json: #"{"name":"Renamed","description":"new","pictureId":"7","visibility":"public"}"#)
            #expect(changed.status == .ok)
            let json = try changed.json(ServerJSON.self)
            #expect(json.name == "Renamed" && json.pictureId == Snowflake(rawValue: 7) && json.visibility == .public)
            let cleared = try await api.send(.patch, "servers/\(server)", as: Self.alice, json: #"{"pictureId":null}"#)
            #expect(try cleared.json(ServerJSON.self).pictureId == nil)
            let bad = try await api.send(.patch, "servers/\(server)", as: Self.alice, json: #"{"name":""}"#)
            #expect(bad.status == .badRequest && bad.error?.field == "name")
            let badID = try await api.send(.patch, "servers/\(server)", as: Self.alice, json: #"{"bannerId":"x1"}"#)
            #expect(badID.status == .badRequest && badID.error?.field == "bannerId")
        }
    }

    @Test("delete: the owner only (403 for an administrator, 404 for a stranger); everything inside goes")
    func delete() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner, visibility: "private")
            try await api.addMember(Self.alice, to: server, owner: Self.owner)
            _ = try await api.giveRole(Self.alice, in: server, owner: Self.owner, permissions: ["administrator"])
            let channels = try await api.send(.get, "servers/\(server)/channels", as: Self.owner).json(ListJSON<ChannelJSON>.self)
            #expect(try await api.send(.delete, "servers/\(server)", as: Self.alice).status == .forbidden)
            #expect(try await api.send(.delete, "servers/\(server)", as: Self.mallory).status == .notFound)
            #expect(try await api.send(.delete, "servers/\(server)", as: Self.owner).status == .noContent)
            #expect(try await api.send(.get, "servers/\(server)", as: Self.owner).status == .notFound)
            for channel in channels.items {
                #expect(try await api.send(.get, "channels/\(channel.id)", as: Self.owner).status == .notFound)
            }
            #expect(try await api.send(.get, "me/servers", as: Self.alice).json(ListJSON<ServerJSON>.self).items.isEmpty)
        }
    }

    @Test("discover: public servers by name or description, paged with a cursor; 400 for a bad cursor")
    func discover() async throws {
        try await withAPI { api in
            for name in ["Rust one", "Rust two", "Rust three"] { _ = try await api.createServer(Self.owner, name: name) }
            _ = try await api.createServer(Self.owner, name: "Rust secret", visibility: "private")
            _ = try await api.createServer(Self.alice, name: "Other")
            let first = try await api.send(.get, "servers?q=RUST&limit=2", as: Self.mallory).json(Page<ServerJSON>.self)
            #expect(first.items.map(\.name) == ["Rust one", "Rust two"])
            let cursor = try #require(first.nextCursor)
            let second = try await api.send(.get, "servers?q=rust&limit=2&cursor=\(cursor)", as: Self.mallory)
                .json(Page<ServerJSON>.self)
            #expect(second.items.map(\.name) == ["Rust three"] && second.nextCursor == nil)
            let all = try await api.send(.get, "servers", as: Self.mallory).json(Page<ServerJSON>.self)
            #expect(all.items.count == 4)
            let bad = try await api.send(.get, "servers?cursor=abc", as: Self.mallory)
            #expect(bad.status == .badRequest && bad.error?.field == "cursor")
            let badLimit = try await api.send(.get, "servers?limit=ten", as: Self.mallory)
            #expect(badLimit.status == .badRequest && badLimit.error?.field == "limit")
        }
    }

    @Test("join and leave: public servers only (private: 404); twice: 409; the owner cannot leave: 409")
    func joinAndLeave() async throws {
        try await withAPI { api in
            let open = try await api.createServer(Self.owner)
            let hidden = try await api.createServer(Self.owner, visibility: "private")
            let joined = try await api.send(.post, "servers/\(open)/join", as: Self.alice)
            #expect(try joined.status == .ok && (joined.json(MemberJSON.self)).userId == Self.alice)
            #expect(try await api.send(.post, "servers/\(open)/join", as: Self.alice).status == .conflict)
            #expect(try await api.send(.post, "servers/\(hidden)/join", as: Self.alice).status == .notFound)
            #expect(try await api.send(.post, "servers/\(open)/leave", as: Self.owner).status == .conflict)
            #expect(try await api.send(.post, "servers/\(open)/leave", as: Self.alice).status == .noContent)
            #expect(try await api.send(.post, "servers/\(open)/leave", as: Self.alice).status == .forbidden,
                    "a public server the caller has left: visible, but members only")
            #expect(try await api.send(.post, "servers/\(hidden)/leave", as: Self.mallory).status == .notFound)
        }
    }

    @Test("transfer ownership: owner only (403), to a member (400 naming userId); the old owner may then leave")
    func transfer() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner, visibility: "private")
            try await api.addMember(Self.alice, to: server, owner: Self.owner)
            #expect(try await api.send(.post, "servers/\(server)/transfer", as: Self.alice,
                                       json: #"{"userId":"\#(Self.alice)"}"#).status == .forbidden)
            #expect(try await api.send(.post, "servers/\(server)/transfer", as: Self.mallory,
                                       json: #"{"userId":"\#(Self.alice)"}"#).status == .notFound)
            let notMember = try await api.send(.post, "servers/\(server)/transfer", as: Self.owner,
                                               json: #"{"userId":"\#(Self.bob)"}"#)
            #expect(notMember.status == .badRequest && notMember.error?.field == "userId")
            let moved = try await api.send(.post, "servers/\(server)/transfer", as: Self.owner,
                                           json: #"{"userId":"\#(Self.alice)"}"#)
            #expect(try moved.json(ServerJSON.self).ownerId == Self.alice)
            #expect(try await api.send(.post, "servers/\(server)/leave", as: Self.owner).status == .noContent)
            #expect(try await api.send(.delete, "servers/\(server)", as: Self.alice).status == .noContent)
        }
    }

    @Test("caps: owning or joining past the limit answers 429 limit_reached", arguments: DatabaseDialect.allCases)
    func caps(dialect: DatabaseDialect) async throws {
        try await withAPI(dialect, limits: CommunityLimits(maxServersPerUser: 3, maxOwnedServersPerUser: 2)) { api in
            _ = try await api.createServer(Self.owner)
            _ = try await api.createServer(Self.owner)
            let third = try await api.send(.post, "servers", as: Self.owner, json: #"{"name":"x","visibility":"public"}"#)
            #expect(third.status == .tooManyRequests && third.error?.code == "limit_reached")
            let first = try await api.createServer(Self.bob)
            let second = try await api.createServer(Self.bob)
            _ = try await api.createServer(Self.alice)
            #expect(try await api.send(.post, "servers/\(first)/join", as: Self.alice).status == .ok)
            #expect(try await api.send(.post, "servers/\(second)/join", as: Self.alice).status == .ok)
            let other = try await api.createServer(TestUser.carol)
            let joinCap = try await api.send(.post, "servers/\(other)/join", as: Self.alice)
            #expect(joinCap.status == .tooManyRequests && joinCap.error?.code == "limit_reached")
            let invite = try await api.send(.post, "servers/\(other)/invites", as: TestUser.carol, json: "{}")
            let code = invite.object["code"] as? String ?? ""
            #expect(try await api.send(.post, "invites/\(code)/accept", as: Self.alice).status == .tooManyRequests)
        }
    }

    @Test("writes are rate limited per user: 429 with Retry-After")
    func rateLimited() async throws {
        try await withAPI(writeLimiter: RateLimiter(capacity: 3, refillPerSecond: 0.01)) { api in
            for _ in 0..<3 {
                #expect(try await api.send(.post, "servers", as: Self.owner, json: #"{"name":"a","visibility":"public"}"#)
                    .status == .created)
            }
            let limited = try await api.send(.post, "servers", as: Self.owner, json: #"{"name":"a","visibility":"public"}"#)
            #expect(limited.status == .tooManyRequests && limited.error?.code == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await api.send(.post, "servers", as: Self.alice, json: #"{"name":"a","visibility":"public"}"#)
                .status == .created, "another user has their own bucket")
        }
    }
}
