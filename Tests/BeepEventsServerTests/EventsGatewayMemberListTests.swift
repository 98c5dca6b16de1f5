import BeepEvents
import BeepEventsServer
import BeepGateway
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import Testing

/// `watchMembers` through the gateway: the authorizer decides, the client is told, and a large
/// server's presence then reaches the watching connection (docs/events.md, "Presence").
@Suite struct EventsGatewayMemberListTests {
    @Test(.timeLimit(.minutes(1)))
    func anAuthorizedWatchReceivesTheLargeServersPresenceARefusedOneDoesNot() async throws {
        let events = EventsGateway(authenticate: { $0 == "token-ada" ? "ada" : nil }, logger: Logger(label: "test"))
        events.authorizeMemberListWatches { user, server in user == "ada" && server == "900" ? nil : "Server not found." }
        let service = Task { try await events.run() }
        defer { service.cancel() }
        let app = Gateway.makeApplication(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0),
                                          version: "test", webSockets: [events.endpoint], logger: Logger(label: "test"))
        let presence = PublishedEvent(type: "presence.updated", dataJSON: #"{"status":"online","userId":"bob"}"#)
        try await app.test(.live) { client in
            _ = try await client.ws(EventsGateway.path) { inbound, outbound, _ in
                var frames = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                func next() async throws -> String? {
                    guard case .text(let text) = try await frames.next() else { return nil }
                    return text
                }
                try await outbound.write(.text(#"{"op":"identify","token":"token-ada"}"#))
                _ = try await next()  // ready
                try await outbound.write(.text(#"{"op":"watchMembers","serverId":"901"}"#))
                #expect(try await next() == #"{"op":"watchRefused","serverId":"901","reason":"Server not found."}"#)
                events.publish(presence, audience: [], memberLists: ["901": ["ada", "bob"]])
                try await outbound.write(.text(#"{"op":"watchMembers","serverId":"900"}"#))
                #expect(try await next() == #"{"op":"watching","serverId":"900"}"#)  // nothing of 901 came first
                events.publish(presence, audience: [], memberLists: ["900": ["ada", "bob"]])
                #expect(try await next()
                    == #"{"op":"event","seq":1,"type":"presence.updated","data":{"status":"online","userId":"bob"}}"#)
            }
        }
    }
}
