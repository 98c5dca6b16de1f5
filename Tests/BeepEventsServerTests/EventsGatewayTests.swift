import BeepEvents
import BeepEventsServer
import BeepGateway
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import NIOConcurrencyHelpers
import Testing

/// The events WebSocket end to end on a live loopback server: real frames, real close codes.
@Suite struct EventsGatewayTests {
    private struct Note: Encodable { let text: String }

    private func withGateway(_ body: @escaping @Sendable (EventsGateway, TestClientProtocol) async throws -> Void) async throws {
        let events = EventsGateway(authenticate: { $0 == "token-ada" ? "ada" : nil }, logger: Logger(label: "test"))
        let service = Task { try await events.run() }
        defer { service.cancel() }
        let app = Gateway.makeApplication(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0),
                                          version: "test", webSockets: [events.endpoint], logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(events, client) }
    }

    @Test func identifyThenReceivePublishedEventsThenBadFrameCloses4002() async throws {
        try await withGateway { events, client in
            let close = try await client.ws(EventsGateway.path) { inbound, outbound, _ in
                var frames = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                try await outbound.write(.text(#"{"op":"identify","token":"token-ada"}"#))
                guard case .text(let ready) = try await frames.next() else { Issue.record("no ready frame"); return }
                #expect(ready.contains(#""op":"ready""#))
                #expect(events.onlineUsers(among: ["ada", "bob"]) == ["ada"])  // presence follows the connection
                events.publish(try PublishedEvent(type: "message.created", data: Note(text: "hello")), audience: ["ada"])
                events.publish(try PublishedEvent(type: "message.created", data: Note(text: "not for ada")), audience: [])
                events.publish(try PublishedEvent(type: "typing", data: Note(text: "second")), audience: ["ada"])
                guard case .text(let first) = try await frames.next(),
                      case .text(let second) = try await frames.next() else { Issue.record("no events"); return }
                #expect(first == #"{"op":"event","seq":1,"type":"message.created","data":{"text":"hello"}}"#)
                #expect(second == #"{"op":"event","seq":2,"type":"typing","data":{"text":"second"}}"#)
                try await outbound.write(.text(#"{"op":"dance"}"#))
                while try await frames.next() != nil {}  // until the server's close frame
            }
            #expect(close?.closeCode == .unknown(4002))
            #expect(close?.reason?.contains("unknown op") == true)
        }
    }

    @Test func aBadTokenCloses4001() async throws {
        try await withGateway { _, client in
            let close = try await client.ws(EventsGateway.path) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"op":"identify","token":"forged"}"#))
                for try await _ in inbound.messages(maxSize: 1 << 16) {}
            }
            #expect(close?.closeCode == .unknown(4001))
        }
    }
}

/// Presence changes leave the gateway in order through its observer (docs/events.md, "Presence").
@Suite struct EventsGatewayPresenceTests {
    @Test(.timeLimit(.minutes(1)))
    func onlineIdleOnlineThenOfflineWhenTheSocketCloses() async throws {
        let events = EventsGateway(authenticate: { $0 == "token-ada" ? "ada" : nil }, logger: Logger(label: "test"))
        let seen = NIOLockedValueBox<[String]>([])
        events.observePresence { user, status in seen.withLockedValue { $0.append("\(user) \(status.rawValue)") } }
        let service = Task { try await events.run() }
        defer { service.cancel() }
        let app = Gateway.makeApplication(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0),
                                          version: "test", webSockets: [events.endpoint], logger: Logger(label: "test"))
        try await app.test(.live) { client in
            _ = try await client.ws(EventsGateway.path) { inbound, outbound, _ in
                var frames = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                try await outbound.write(.text(#"{"op":"identify","token":"token-ada"}"#))
                _ = try await frames.next()  // ready
                // Frames are applied in order: the heartbeat's answer means the presence before it was.
                for status in ["idle", "online"] {
                    try await outbound.write(.text(#"{"op":"presence","status":"\#(status)"}"#))
                    try await outbound.write(.text(#"{"op":"heartbeat","seq":0}"#))
                    guard case .text(let ack) = try await frames.next() else { Issue.record("no ack"); return }
                    #expect(ack == #"{"op":"heartbeatAck"}"#)
                }
            }
        }
        while seen.withLockedValue({ $0.count }) < 4 { try await Task.sleep(for: .milliseconds(10)) }  // bounded by the time limit
        #expect(seen.withLockedValue { $0 } == ["ada online", "ada idle", "ada online", "ada offline"])
    }
}
