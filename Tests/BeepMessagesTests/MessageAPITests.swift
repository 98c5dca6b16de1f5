import BeepMessages
import BeepMessagesAPI
import BeepPlatformCore
import BeepStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The message routes in process (HummingbirdTesting `.router`) with real access tokens.
struct MessageAPIHarness {
    let client: any TestClientProtocol
    let tokens: [UserID: String]
    let world: MessageTestWorld

    struct Reply {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: Data

        var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(_ method: HTTPRequest.Method, _ path: String, as user: UserID?, json: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let user, let token = tokens[user] { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: "/api/v1/" + path, method: method, headers: headers,
                                                body: json.map { ByteBuffer(string: $0) })
        return Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
    }

    static func with(_ dialect: DatabaseDialect, sendLimiter: RateLimiter = RateLimiter(capacity: 1000, refillPerSecond: 100),
                     _ body: @escaping @Sendable (MessageAPIHarness) async throws -> Void) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let issuer = AccessTokenIssuer(key: .generate())
            var tokens: [UserID: String] = [:]
            for user in [world.owner, world.alice, world.bob, world.carol] {
                tokens[user] = try await issuer.issue(user: user, session: Snowflake(rawValue: 1), now: Date()).token
            }
            let router = Router(context: APIRequestContext.self)
            router.add(middleware: AccessTokenMiddleware(verifier: issuer.verifier))
            MessageRoutes(service: world.service, sendLimiter: sendLimiter,
                          typing: TypingService(access: world.service.access, publish: { _ in }))
                .addRoutes(to: router.group("api/v1"))
            let frozen = tokens
            try await Application(router: router).test(.router) { client in
                try await body(MessageAPIHarness(client: client, tokens: frozen, world: world))
            }
        }
    }
}

@Suite("Messages HTTP API")
struct MessageAPITests {
    @Test(arguments: DatabaseDialect.allCases)
    func sendReadEditDeleteOverHTTP(dialect: DatabaseDialect) async throws {
        try await MessageAPIHarness.with(dialect) { api in
            let w = api.world
            let sent = try await api.send(.post, "channels/\(w.general)/messages", as: w.alice,
                                          json: #"{"content":"hello @bob","nonce":"abc"}"#)
            #expect(sent.status == .created, "\(sent.text)")
            let id = sent.object["id"] as? String ?? "missing"
            #expect(sent.object["authorId"] as? String == w.alice.description)
            #expect(sent.object["mentions"] as? [String] == [w.bob.description])
            #expect((sent.object["createdAt"] as? String)?.hasSuffix("Z") == true)
            let retry = try await api.send(.post, "channels/\(w.general)/messages", as: w.alice,
                                           json: #"{"content":"hello @bob","nonce":"abc"}"#)
            #expect(retry.status == .ok)
            #expect(retry.object["id"] as? String == id)
            let list = try await api.send(.get, "channels/\(w.general)/messages?limit=10", as: w.bob)
            #expect(list.status == .ok)
            #expect(list.items.compactMap { $0["id"] as? String } == [id])
            let edited = try await api.send(.patch, "channels/\(w.general)/messages/\(id)", as: w.alice,
                                            json: #"{"content":"edited"}"#)
            #expect(edited.object["content"] as? String == "edited")
            #expect(edited.object["editedAt"] is String)
            let found = try await api.send(.get, "channels/\(w.general)/messages-search?q=edited", as: w.bob)
            #expect(found.items.count == 1)
            let pinned = try await api.send(.put, "channels/\(w.general)/pins/\(id)", as: w.bob)
            #expect(pinned.object["pinned"] as? Bool == true)
            #expect(try await api.send(.get, "channels/\(w.general)/pins", as: w.alice).items.count == 1)
            let deleted = try await api.send(.delete, "channels/\(w.general)/messages/\(id)", as: w.alice)
            #expect(deleted.status == .noContent)
            #expect(try await api.send(.get, "channels/\(w.general)/messages/\(id)", as: w.alice).status == .notFound)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func historyAfterPositionOverHTTP(dialect: DatabaseDialect) async throws {
        try await MessageAPIHarness.with(dialect) { api in
            let w = api.world
            var sent: [(id: String, position: Int)] = []
            for content in ["one", "two", "three"] {
                let reply = try await api.send(.post, "channels/\(w.general)/messages", as: w.alice,
                                               json: #"{"content":"\#(content)"}"#)
                sent.append((reply.object["id"] as? String ?? "missing", reply.object["position"] as? Int ?? -1))
            }
            #expect(sent.map(\.position) == [1, 2, 3])
            let later = try await api.send(.get, "channels/\(w.general)/messages?afterPosition=1&limit=10", as: w.bob)
            #expect(later.status == .ok, "\(later.text)")
            #expect(later.items.compactMap { $0["id"] as? String } == [sent[1].id, sent[2].id])
            #expect(later.items.compactMap { $0["position"] as? Int } == [2, 3])
            let none = try await api.send(.get, "channels/\(w.general)/messages?afterPosition=3", as: w.bob)
            #expect(none.status == .ok)
            #expect(none.items.isEmpty)
            for bad in ["-1", "abc", "1.5", ""] {
                let refused = try await api.send(.get, "channels/\(w.general)/messages?afterPosition=\(bad)", as: w.bob)
                #expect(refused.status == .badRequest, "afterPosition=\(bad)")
                #expect(refused.object["field"] as? String == "afterPosition")
            }
            let twoAnchors = try await api.send(.get, "channels/\(w.general)/messages?afterPosition=1&after=\(sent[0].id)",
                                                as: w.bob)
            #expect(twoAnchors.status == .badRequest)
            #expect(try await api.send(.get, "channels/\(w.general)/messages?afterPosition=0", as: nil).status == .unauthorized)
            #expect(try await api.send(.get, "channels/\(w.general)/messages?afterPosition=0", as: w.carol).status == .notFound)
            #expect(try await api.send(.get, "channels/\(w.secret)/messages?afterPosition=0", as: w.alice).status == .notFound)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func refusalsOverHTTP(dialect: DatabaseDialect) async throws {
        try await MessageAPIHarness.with(dialect) { api in
            let w = api.world
            let body = #"{"content":"hi"}"#
            #expect(try await api.send(.post, "channels/\(w.general)/messages", as: nil, json: body).status == .unauthorized)
            #expect(try await api.send(.post, "channels/\(w.general)/messages", as: w.carol, json: body).status == .notFound)
            #expect(try await api.send(.post, "channels/\(w.secret)/messages", as: w.alice, json: body).status == .notFound)
            #expect(try await api.send(.post, "channels/\(w.announcements)/messages", as: w.alice, json: body).status == .forbidden)
            let long = try await api.send(.post, "channels/\(w.general)/messages", as: w.alice,
                                          json: #"{"content":"\#(String(repeating: "a", count: 4001))"}"#)
            #expect(long.status == .badRequest)
            #expect(long.object["field"] as? String == "content")
            let badQuery = try await api.send(.get, "channels/\(w.general)/messages-search?q=before:someday", as: w.alice)
            #expect(badQuery.status == .badRequest)
            #expect(badQuery.object["field"] as? String == "q.before")
            let badAnchor = try await api.send(.get, "channels/\(w.general)/messages?before=xyz", as: w.alice)
            #expect(badAnchor.object["field"] as? String == "before")
            #expect(try await api.send(.get, "servers/\(w.server)/messages-search?q=hi", as: w.carol).items.isEmpty)
        }
    }

    @Test func sendRateLimitPerChannelAnswers429WithRetryAfter() async throws {
        try await MessageAPIHarness.with(.sqlite, sendLimiter: RateLimiter(capacity: 5, refillPerSecond: 0.001)) { api in
            let w = api.world
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<6 {
                statuses.append(try await api.send(.post, "channels/\(w.general)/messages", as: w.alice,
                                                   json: #"{"content":"m\#(index)"}"#).status)
            }
            #expect(statuses == [.created, .created, .created, .created, .created, .tooManyRequests])
            let limited = try await api.send(.post, "channels/\(w.general)/messages", as: w.alice, json: #"{"content":"x"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            // The budget is per user (and per channel): bob still sends.
            #expect(try await api.send(.post, "channels/\(w.general)/messages", as: w.bob,
                                       json: #"{"content":"y"}"#).status == .created)
            let history = try await api.send(.get, "channels/\(w.general)/messages", as: w.bob)
            #expect(history.items.count == 6)
        }
    }
}
