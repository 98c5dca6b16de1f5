import BeepPlatformCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Errors, body limits and the access token middleware through a real Hummingbird router.
@Suite struct HTTPEdgeTests {
    struct Echo: Codable, Sendable { var name: String; var age: Int }

    static func app(key: AccessTokenSigningKey, activeSession: Snowflake? = nil) -> some ApplicationProtocol {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: AccessTokenMiddleware(
            verifier: AccessTokenIssuer(key: key).verifier,
            sessionCheck: { _, session in activeSession == nil || session == activeSession }))
        router.get("/me") { _, context -> String in try context.requireUser().description }
        router.get("/limited") { _, _ -> String in throw APIError.tooManyRequests(retryAfter: 7) }
        router.post("/echo") { request, _ -> String in
            let body = try await JSONBody.decode(Echo.self, from: request, maxBytes: 64)
            return "\(body.name) \(body.age)"
        }
        return Application(router: router)
    }

    static func json(_ response: TestResponse) -> APIError.Body? {
        try? JSONDecoder().decode(APIError.Body.self, from: Data(response.body.readableBytesView))
    }

    @Test func rateLimitErrorsCarryRetryAfter() async throws {
        try await Self.app(key: .generate()).test(.router) { client in
            let response = try await client.execute(uri: "/limited", method: .get)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "7")
            #expect(Self.json(response)?.code == "rate_limited")
        }
    }

    @Test func bodyErrorsNameTheField() async throws {
        try await Self.app(key: .generate()).test(.router) { client in
            let ok = try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: #"{"name":"a","age":3}"#))
            #expect(ok.status == .ok)
            #expect(String(buffer: ok.body) == "a 3")

            let missing = try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: #"{"name":"a"}"#))
            #expect(missing.status == .badRequest)
            #expect(Self.json(missing)?.field == "age")

            let wrongType = try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: #"{"name":1,"age":3}"#))
            #expect(wrongType.status == .badRequest)
            #expect(Self.json(wrongType)?.field == "name")

            let garbage = try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: "{nope"))
            #expect(garbage.status == .badRequest)
            #expect(Self.json(garbage)?.code == "invalid")

            let large = String(repeating: "x", count: 100)
            let tooLarge = try await client.execute(uri: "/echo", method: .post,
                                                    body: ByteBuffer(string: #"{"name":"\#(large)","age":3}"#))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(Self.json(tooLarge)?.code == "payload_too_large")
        }
    }

    @Test func middlewareAuthenticatesBearerTokens() async throws {
        let key = AccessTokenSigningKey.generate()
        let session = Snowflake(rawValue: 5)
        let (token, _) = try await AccessTokenIssuer(key: key).issue(user: Snowflake(rawValue: 42), session: session, now: Date())
        let (otherSessionToken, _) = try await AccessTokenIssuer(key: key)
            .issue(user: Snowflake(rawValue: 42), session: Snowflake(rawValue: 6), now: Date())
        try await Self.app(key: key, activeSession: session).test(.router) { client in
            let anonymous = try await client.execute(uri: "/me", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(Self.json(anonymous)?.code == "unauthorized")

            let ok = try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(ok.status == .ok)
            #expect(String(buffer: ok.body) == "42")

            let lowercase = try await client.execute(uri: "/me", method: .get, headers: [.authorization: "bearer \(token)"])
            #expect(lowercase.status == .ok)

            for header in ["Bearer", "Basic \(token)", "Bearer not.a.token", "Bearer \(token)x"] {
                let refused = try await client.execute(uri: "/me", method: .get, headers: [.authorization: header])
                #expect(refused.status == .unauthorized, "\(header)")
            }

            let revoked = try await client.execute(uri: "/me", method: .get,
                                                   headers: [.authorization: "Bearer \(otherSessionToken)"])
            #expect(revoked.status == .unauthorized)
        }
    }
}
