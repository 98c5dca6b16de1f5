import BeepCommunities
import BeepCommunitiesAPI
import BeepPlatformCore
import BeepStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Drives the communities routes in process (HummingbirdTesting `.router`) with real access
/// tokens for a handful of users.
struct APIHarness {
    let client: any TestClientProtocol
    let tokens: [UserID: String]
    let clock: TestClock

    struct Reply {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: Data

        func json<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: body) }
        var error: APIError.Body? { try? JSONDecoder().decode(APIError.Body.self, from: body) }
        var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends `method path` (under `/api/v1`) as `user` (nil: no token) with a JSON body.
    func send(_ method: HTTPRequest.Method, _ path: String, as user: UserID?, json: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let user, let token = tokens[user] { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: "/api/v1/" + path, method: method, headers: headers,
                                                body: json.map { ByteBuffer(string: $0) })
        return Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
    }

    /// Creates a server as `owner` and returns its id.
    func createServer(_ owner: UserID, name: String = "Demo", visibility: String = "public") async throws -> String {
        let reply = try await send(.post, "servers", as: owner, json: #"{"name":"\#(name)","visibility":"\#(visibility)"}"#)
        #expect(reply.status == .created, "\(reply.text)")
        return reply.object["id"] as? String ?? "missing"
    }

    /// Makes `user` a member of `server` (through an invite made by its owner).
    func addMember(_ user: UserID, to server: String, owner: UserID) async throws {
        let invite = try await send(.post, "servers/\(server)/invites", as: owner, json: "{}")
        let code = invite.object["code"] as? String ?? "missing"
        let reply = try await send(.post, "invites/\(code)/accept", as: user)
        #expect(reply.status == .ok, "\(reply.text)")
    }

    /// Creates a role with `permissions` as `owner`, gives it to `user`, returns its id.
    func giveRole(_ user: UserID, in server: String, owner: UserID, permissions: [String], name: String = "role")
        async throws -> String
    {
        let names = permissions.map { "\"\($0)\"" }.joined(separator: ",")
        let role = try await send(.post, "servers/\(server)/roles", as: owner,
                                  json: #"{"name":"\#(name)","permissions":[\#(names)]}"#)
        #expect(role.status == .created, "\(role.text)")
        let id = role.object["id"] as? String ?? "missing"
        let assign = try await send(.put, "servers/\(server)/members/\(user)/roles/\(id)", as: owner)
        #expect(assign.status == .noContent, "\(assign.text)")
        return id
    }
}

/// Runs `body` against the routes over a fresh database of `dialect`.
func withAPI(_ dialect: DatabaseDialect = .sqlite, limits: CommunityLimits = CommunityLimits(),
             writeLimiter: RateLimiter = RateLimiter(capacity: 10_000, refillPerSecond: 1000),
             presence: (any PresenceSource)? = nil, voiceTokens: VoiceTokenMinter? = nil, voiceRoster: VoiceRoster? = nil,
             _ body: @escaping @Sendable (APIHarness) async throws -> Void) async throws {
    try await withStore(dialect) { store, _ in
        let clock = TestClock()
        let service = CommunityService(store: store, limits: limits, clock: { clock.now })
        let issuer = AccessTokenIssuer(key: .generate())
        var tokens: [UserID: String] = [:]
        for user in [TestUser.owner, TestUser.alice, TestUser.bob, TestUser.carol, TestUser.dave, TestUser.mallory] {
            tokens[user] = try await issuer.issue(user: user, session: Snowflake(rawValue: 1), now: Date()).token
        }
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: AccessTokenMiddleware(verifier: issuer.verifier))
        let routes = CommunityRoutes(service: service, writeLimiter: writeLimiter, maxBodyBytes: 4096,
                                     presence: presence, voiceTokens: voiceTokens, voiceRoster: voiceRoster)
        routes.addRoutes(to: router.group("api/v1"))
        let app = Application(router: router)
        let frozenTokens = tokens
        try await app.test(.router) { client in
            try await body(APIHarness(client: client, tokens: frozenTokens, clock: clock))
        }
    }
}

/// A presence source with a fixed set of online users.
struct FixedPresence: PresenceSource {
    let online: Set<UserID>
    func onlineUsers(among users: [UserID]) async -> Set<UserID> { online.intersection(users) }
}
