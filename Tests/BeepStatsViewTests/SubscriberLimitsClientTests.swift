import BeepCallServer
import BeepCalls
import BeepDTLS
import BeepGateway
import BeepSFUServer
import BeepStatsView
import Foundation
import HummingbirdTesting
import Logging
import Testing

/// What `beep-stats subscriber-limits` does, end to end on loopback: ``AdminClient`` posts the
/// request to the gateway's `POST /admin/subscribers/limits`, which hands it to a real
/// ``CallMediaCoordinator`` (as `beep-sfu` wires it).
@Suite(.serialized) struct SubscriberLimitsClientTests {
    static let token = "limits-test-token"

    @Test("a subscriber with media is capped (200, the reply names it); an unknown one is refused with exit code 6; a wrong token is 4")
    func capThroughTheAdminAPI() async throws {
        let media = MediaServer(configuration: MediaServerConfiguration(host: "127.0.0.1", ports: 0...0),
                                logger: Logger(label: "test"))
        _ = try await media.start()
        let coordinator = CallMediaCoordinator(media: media, certificate: try DTLSCertificate(),
                                               addressPolicy: .loopbackOnly, signal: { _ in })
        let subscriber = ParticipantID(rawValue: "p1")
        coordinator.handle(.participantJoined(room: "demo", participant: subscriber, identity: "alice",
                                              permissions: Set(CallPermission.allCases)))
        let app = Gateway.makeApplication(
            configuration: GatewayConfiguration(host: "127.0.0.1", port: 0), version: "test",
            admin: AdminEndpoints(token: Self.token, statsJSON: { "{}" }, metricsText: { "" }, actions: { call in
                let result = await coordinator.performAdminAction(call.action, body: call.body, testHooks: false)
                    ?? CallMediaCoordinator.unknownAdminAction(call.action)
                return AdminActionResult(status: result.status, json: result.json)
            }),
            logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let base = try #require(URL(string: "http://127.0.0.1:\(port)"))
            let admin = AdminClient(baseURL: base, token: Self.token)
            let request = try #require(SubscriberLimitsRequest(participant: "p1", maxBitrateKbps: 300, layer: "q"))
            let reply = try await admin.change("admin/subscribers/limits", body: request)
            #expect(reply.ok && reply.action == "subscriber.limits" && reply.target == "participant:p1")

            do throws(AdminClient.Failure) {
                _ = try await admin.change("admin/subscribers/limits", body: SubscriberLimitsRequest(participant: "p404"))
                Issue.record("an unknown subscriber was accepted")
            } catch {
                #expect(error.exitCode == 6 && error.description.contains("not_found"))
            }
            do throws(AdminClient.Failure) {
                _ = try await AdminClient(baseURL: base, token: "wrong").change("admin/subscribers/limits", body: request)
                Issue.record("a wrong token was accepted")
            } catch {
                #expect(error.exitCode == 4)
            }
        }
        await media.stop()
    }
}
