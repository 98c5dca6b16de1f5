import BeepCalls
import BeepSFUControl
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// `RemoteSFU` and `SFUControlServer` over real HTTP/2 on loopback: commands reach the node's
/// handler in order, the node's events reach signalling, and a closed stream makes its
/// participants leave.
@Suite struct ControlStreamTests {
    /// What the node's handler saw; it answers every offer with an `sfuAnswer`.
    final class FakeNode: Sendable {
        let commands = Mutex<[MediaCommand]>([])
        let relay = SFUEventRelay()

        func handle(_ command: MediaCommand) {
            commands.withLock { $0.append(command) }
            if case .offer(let participant, _) = command { relay.send(.sfuAnswer(participant, sdp: "answer")) }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func commandsAndEventsCrossTheStream() async throws {
        let logger = Logger(label: "test")
        let fake = FakeNode()
        let service = SFUControlService(relay: fake.relay, version: "test", logger: logger) { fake.handle($0) }
        let server = SFUControlServer(host: "127.0.0.1", port: 0, service: service, relay: fake.relay)
        let (events, eventSink) = AsyncStream.makeStream(of: CallInput.self)

        try await withThrowingTaskGroup(of: Void.self) { group in
            let node = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: logger))
            group.addTask { try await node.run() }
            let port = try #require(try await server.listeningPort())
            let remote = RemoteSFU(address: SFUAddress(host: "127.0.0.1", port: port), logger: logger) {
                eventSink.yield($0)
            }
            let client = ServiceGroup(configuration: .init(services: [.init(service: remote)], logger: logger))
            group.addTask { try await client.run() }

            // RemoteSFU drops commands while no stream is open: wait for it to start one (a loaded
            // host can take seconds to run the client's task).
            for _ in 0..<3000 where !remote.hasStream { try await Task.sleep(for: .milliseconds(10)) }
            #expect(remote.hasStream)
            let alice = ParticipantID(rawValue: "p-alice")
            remote.send(.participantJoined(room: "r1", participant: alice, identity: "alice", permissions: [.subscribe]))
            remote.send(.offer(alice, sdp: "offer"))
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next() == .sfuAnswer(alice, sdp: "answer"))
            #expect(fake.commands.withLock { $0 } == [
                .participantJoined(room: "r1", participant: alice, identity: "alice", permissions: [.subscribe]),
                .offer(alice, sdp: "offer"),
            ])

            // beep goes away: the node makes the stream's participants leave.
            await client.triggerGracefulShutdown()
            for _ in 0..<200 where fake.commands.withLock({ $0.count }) < 3 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(fake.commands.withLock { $0.last } == .participantLeft(room: "r1", participant: alice))
            await node.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
