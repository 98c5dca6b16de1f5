import BeepGateway
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
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

@Suite struct AdminRouteTests {
    func makeApp() -> some ApplicationProtocol {
        Gateway.makeApplication(
            configuration: GatewayConfiguration(host: "127.0.0.1", port: 0), version: "test",
            admin: AdminEndpoints(token: "s3cret-token", statsJSON: { "[{\"room\":\"r1\"}]" },
                                  metricsText: { "beep_sfu_rooms 1\n" }),
            logger: Logger(label: "test"))
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
