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
