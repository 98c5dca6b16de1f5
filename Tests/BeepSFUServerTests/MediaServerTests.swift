import BeepSFUServer
import BeepSTUN
import BeepWire
import Logging
import NIOConcurrencyHelpers
import Testing

/// A session that records what it receives and echoes each datagram to its sender.
final class RecordingEchoSession: UDPSession, @unchecked Sendable {
    private let received = NIOLockedValueBox<[[UInt8]]>([])
    private var outbox: [UDPTransmit] = []

    var datagrams: [[UInt8]] { received.withLockedValue { $0 } }

    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        received.withLockedValue { $0.append(bytes) }
        outbox.append(UDPTransmit(destination: remote, bytes: bytes))
    }

    func handleTimeout(now: MonotonicTime) {}
    func pollTransmit() -> UDPTransmit? { outbox.isEmpty ? nil : outbox.removeFirst() }
    func pollTimeout() -> MonotonicTime? { nil }
    var isClosed: Bool { false }
}

@Suite(.serialized) struct MediaServerTests {
    static let ufrag = "srvU"
    static let password = "server-password-0123456789"

    func startServer() async throws -> (MediaServer, UInt16, RecordingEchoSession) {
        let server = MediaServer(configuration: MediaServerConfiguration(host: "127.0.0.1", ports: 0...0),
                                 logger: Logger(label: "test"))
        let addresses = try await server.start()
        let port = try #require(addresses.first?.port)
        let session = RecordingEchoSession()
        server.directory.announce(PendingSession(localUfrag: Self.ufrag, localPassword: Self.password) { _, _ in session })
        return (server, port, session)
    }

    func check(username: String, password: String) throws -> [UInt8] {
        let message = STUNMessage(method: .binding, messageClass: .request, transactionID: .random(),
                                  attributes: [.username(username), .priority(1), .iceControlling(tieBreaker: 9), .useCandidate])
        return try message.serialize(integrity: .shortTerm(password: password), fingerprint: true)
    }

    @Test func validCheckBindsTheSourceAndLaterDatagramsFollowIt() async throws {
        let (server, port, session) = try await startServer()
        defer { Task { await server.stop() } }
        let client = try LoopbackUDPClient()
        let request = try check(username: "\(Self.ufrag):peer", password: Self.password)
        client.send(request, toPort: port)
        #expect(client.receive() == request)  // the echo session answered through the driver
        client.send([0x80, 0x6F, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], toPort: port)  // RTP-shaped, same 5-tuple
        #expect(client.receive() != nil)
        #expect(session.datagrams.count == 2)
        #expect(server.counters.first?.sessionsHosted.value == 1)
        #expect(server.directory.pendingCount == 0)
    }

    @Test func unknownSourcesCannotBindWithoutAValidCheck() async throws {
        let (server, port, session) = try await startServer()
        defer { Task { await server.stop() } }
        let stranger = try LoopbackUDPClient()
        let inputs: [[UInt8]] = [
            [],                                                     // empty
            [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1],             // RTP from nowhere
            [0x16, 0xFE, 0xFD] + [UInt8](repeating: 0, count: 40),  // a DTLS record
            Array(repeating: 0xFF, count: 1500),                    // garbage
            try check(username: "\(Self.ufrag):peer", password: "wrong-password"),  // bad integrity
            try check(username: "nobody:peer", password: Self.password),            // unknown ufrag
            Array(try check(username: "\(Self.ufrag):peer", password: Self.password).dropLast(3)),  // truncated
        ]
        for input in inputs { stranger.send(input, toPort: port) }
        #expect(stranger.receive() == nil)
        #expect(session.datagrams.isEmpty)
        #expect(server.directory.pendingCount == 1)  // still waiting for a valid check
        #expect(server.counters.first?.datagramsDroppedUnknownSource.value == inputs.count)
    }

    @Test func establishedSessionIgnoresOtherSources() async throws {
        let (server, port, session) = try await startServer()
        defer { Task { await server.stop() } }
        let peer = try LoopbackUDPClient()
        let request = try check(username: "\(Self.ufrag):peer", password: Self.password)
        peer.send(request, toPort: port)
        #expect(peer.receive() == request)
        let attacker = try LoopbackUDPClient()
        attacker.send([0x80, 0x6F, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1], toPort: port)
        attacker.send(try check(username: "\(Self.ufrag):peer", password: "guess"), toPort: port)
        attacker.send(request, toPort: port)  // a replayed valid check binds the replayer's address...
        #expect(attacker.receive() == request)  // ...which the ICE agent then answers; consent stays per 5-tuple
        peer.send([0x80, 0x6F, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1], toPort: port)
        #expect(peer.receive() != nil)
        #expect(session.datagrams.count == 3)  // peer check, replayed check, peer RTP; never the junk
    }
}

