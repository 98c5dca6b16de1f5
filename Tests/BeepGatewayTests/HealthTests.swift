import BeepGateway
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@Suite struct HealthTests {
    func makeApp() -> some ApplicationProtocol {
        Gateway.makeApplication(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0),
                                version: "test", logger: Logger(label: "test"))
    }

    @Test func healthReportsOkAndVersion() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let health = try JSONDecoder().decode(HealthStatus.self, from: Data(String(buffer: response.body).utf8))
                #expect(health == HealthStatus(status: "ok", version: "test"))
            }
        }
    }

    @Test func unknownPathIsNotFound() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func servesOverRealLoopbackSocket() async throws {
        try await makeApp().test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// The tuning calls that reached the action closure.
final class RecordedCalls: Sendable {
    let calls = Mutex<[AdminActionCall]>([])
}

@Suite struct AdminRouteTests {
    func makeApp(calls: RecordedCalls = RecordedCalls()) -> some ApplicationProtocol {
        Gateway.makeApplication(
            configuration: GatewayConfiguration(host: "127.0.0.1", port: 0), version: "test",
            admin: AdminEndpoints(token: "s3cret-token", statsJSON: { "[{\"room\":\"r1\"}]" },
                                  metricsText: { "beep_sfu_rooms 1\n" },
                                  actions: { call in
                                      calls.calls.withLock { $0.append(call) }
                                      return AdminActionResult(status: 409, json: "{\"ok\":false}")
                                  }),
            logger: Logger(label: "test"))
    }

    static let tuningPaths = ["/admin/rooms/demo/limits", "/admin/rooms/demo/participants/p2/mute",
                              "/admin/rooms/demo/participants/p2/remove", "/admin/drain"]

    @Test("every tuning endpoint answers 401 without a valid admin token, and changes nothing", arguments: tuningPaths)
    func tuningRefusedWithoutTheAdminToken(path: String) async throws {
        let calls = RecordedCalls()
        try await makeApp(calls: calls).test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong-token!"], [.authorization: "s3cret-token"],
                                        [.authorization: "Bearer s3cret-token2"]] {
                try await client.execute(uri: path, method: .post, headers: headers,
                                         body: ByteBuffer(string: #"{"draining":true}"#)) { response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
        #expect(calls.calls.withLock { $0 }.isEmpty)
    }

    @Test("with the token a tuning request reaches the action with its path's room and participant; its status is kept")
    func tuningPassesThePath() async throws {
        let calls = RecordedCalls()
        try await makeApp(calls: calls).test(.router) { client in
            for path in Self.tuningPaths {
                try await client.execute(uri: path, method: .post, headers: [.authorization: "Bearer s3cret-token"],
                                         body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .conflict)
                    #expect(response.headers[.contentType] == "application/json")
                }
            }
        }
        let seen = calls.calls.withLock { $0 }
        #expect(seen.map(\.action) == ["room.limits", "participant.mute", "participant.remove", "node.drain"])
        #expect(seen.map(\.room) == ["demo", "demo", "demo", nil])
        #expect(seen.map(\.participant) == [nil, "p2", "p2", nil])
        #expect(seen.allSatisfy { $0.actor == "admin" && $0.body == Data("{}".utf8) })
    }

    @Test(arguments: ["/admin/stats", "/metrics"])
    func refusedWithoutTheAdminToken(path: String) async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer wrong-token!"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func servesStatsAndMetricsWithTheToken() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/admin/stats", method: .get,
                                     headers: [.authorization: "Bearer s3cret-token"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "[{\"room\":\"r1\"}]")
            }
            try await client.execute(uri: "/metrics", method: .get,
                                     headers: [.authorization: "Bearer s3cret-token"]) { response in
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
            }
        }
    }

    @Test func tokensCompareExactly() {
        #expect(AdminToken.matches("abc", expected: "abc"))
        #expect(!AdminToken.matches("abd", expected: "abc"))
        #expect(!AdminToken.matches("ab", expected: "abc"))
    }
}
