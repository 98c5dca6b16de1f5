import BeepEvents
import BeepEventsServer
import BeepGateway
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import Testing

/// The events WebSocket on a live loopback gateway, fed by the real services as `beep` wires
/// them: a member who loses a private channel hears of it at once and gets nothing more from it.
@Suite struct LiveEventsTests {
    private struct Closed: Error {}

    @Test(.timeLimit(.minutes(1)), arguments: DatabaseDialect.allCases)
    func losingAPrivateChannelReachesALiveConnectionWithinOneSecond(dialect: DatabaseDialect) async throws {
        let events = EventsGateway(authenticate: { Snowflake($0) == nil ? nil : $0 }, logger: Logger(label: "test"))
        let gatewayTask = Task { try await events.run() }
        defer { gatewayTask.cancel() }
        let forward: MessageTestWorld.Forward = { event, audience in
            events.publish(event, audience: Set(audience.map(\.description)))
        }
        try await MessageTestWorld.with(dialect, forward: forward) { world in
            let alice = MemberID(world.alice)
            _ = try await world.communities.setOverwrite(actor: world.owner, channel: world.secret,
                                                         PermissionOverwrite(target: .member(alice), allow: .viewChannel))
            let app = Gateway.makeApplication(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0),
                                              version: "test", webSockets: [events.endpoint], logger: Logger(label: "test"))
            try await app.test(.live) { client in
                _ = try await client.ws(EventsGateway.path) { inbound, outbound, _ in
                    var frames = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                    /// The next text frame as a JSON object (the test's time limit bounds the wait).
                    func next() async throws -> [String: Any] {
                        guard case .text(let text) = try await frames.next(),
                              let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                            throw Closed()
                        }
                        return object
                    }
                    try await outbound.write(.text(#"{"op":"identify","token":"\#(world.alice)"}"#))
                    #expect(try await next()["op"] as? String == "ready")
                    try await world.send(world.owner, world.secret, "for alice too")
                    let first = try await next()
                    #expect(first["type"] as? String == "message.created")

                    let removed = ContinuousClock.now
                    try await world.communities.deleteOverwrite(actor: world.owner, channel: world.secret, target: .member(alice))
                    let hidden = try await next()
                    let elapsed = ContinuousClock.now - removed
                    #expect(hidden["type"] as? String == "channel.hidden")
                    #expect((hidden["data"] as? [String: Any])?["id"] as? String == world.secret.description)
                    #expect(elapsed < .seconds(1))

                    try await world.send(world.owner, world.secret, "not for alice")
                    try await world.send(world.owner, world.general, "for everyone")
                    let after = try await next()
                    #expect((after["data"] as? [String: Any])?["content"] as? String == "for everyone")
                    #expect(after["seq"] as? Int == 3)  // nothing between: the secret message never came
                }
            }
        }
    }
}
