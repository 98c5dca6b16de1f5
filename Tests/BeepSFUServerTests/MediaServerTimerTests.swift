import BeepSFUServer
import BeepSTUN
import BeepWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A session that sends `note` to its peer when its one deadline fires or when the test queues
/// it from outside a read (as a signalling command does).
final class DeadlineSession: UDPSession, @unchecked Sendable {
    private struct State {
        var remote: STUNAddress?
        var deadline: MonotonicTime?
        var outbox: [UDPTransmit] = []
        var timeouts = 0
    }

    private let state = NIOLockedValueBox(State())
    private let delay: Duration?

    /// A session whose deadline is `delay` after its first datagram (nil: no deadline).
    init(delay: Duration?) { self.delay = delay }

    var timeouts: Int { state.withLockedValue { $0.timeouts } }
    /// True once a datagram told the session its peer's address.
    var hasPeer: Bool { state.withLockedValue { $0.remote != nil } }

    /// Queues `bytes` for the peer without any read or timer (the driver does not know).
    func queueOutOfBand(_ bytes: [UInt8]) {
        state.withLockedValue { state in
            if let remote = state.remote { state.outbox.append(UDPTransmit(destination: remote, bytes: bytes)) }
        }
    }

    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        state.withLockedValue { state in
            if state.remote == nil, let delay { state.deadline = now + delay }
            state.remote = remote
        }
    }

    func handleTimeout(now: MonotonicTime) {
        state.withLockedValue { state in
            guard let deadline = state.deadline, deadline <= now, let remote = state.remote else { return }
            state.deadline = nil
            state.timeouts += 1
            state.outbox.append(UDPTransmit(destination: remote, bytes: Array("timeout".utf8)))
        }
    }

    func pollTransmit() -> UDPTransmit? {
        state.withLockedValue { $0.outbox.isEmpty ? nil : $0.outbox.removeFirst() }
    }

    func pollTimeout() -> MonotonicTime? { state.withLockedValue { $0.deadline } }
    var isClosed: Bool { false }
}

/// The media socket's timer: none while it hosts no session, each session's deadline honoured,
/// and `serviceSessions(boundTo:)` sending what was queued outside a read at once.
@Suite(.serialized) struct MediaServerTimerTests {
    static let ufrag = "tmrU"
    static let password = "timer-password-0123456789"

    private func start(sweep: TimeAmount, session: DeadlineSession?) async throws -> (MediaServer, STUNAddress) {
        let server = MediaServer(configuration: MediaServerConfiguration(host: "127.0.0.1", ports: 0...0, timerSweep: sweep),
                                 logger: Logger(label: "test"))
        let address = try #require(try await server.start().first)
        if let session {
            server.directory.announce(PendingSession(localUfrag: Self.ufrag, localPassword: Self.password) { _, _ in session })
        }
        return (server, address)
    }

    private func bind(_ client: LoopbackUDPClient, to port: UInt16) throws {
        let message = STUNMessage(method: .binding, messageClass: .request, transactionID: .random(),
                                  attributes: [.username("\(Self.ufrag):peer"), .priority(1), .iceControlling(tieBreaker: 9)])
        client.send(try message.serialize(integrity: .shortTerm(password: Self.password), fingerprint: true), toPort: port)
    }

    /// Receives until `expected` arrives or `attempts` receive timeouts (300 ms each) pass.
    private func receive(_ expected: [UInt8], by client: LoopbackUDPClient, attempts: Int = 10) -> Bool {
        for _ in 0..<attempts where client.receive() == expected { return true }
        return false
    }

    @Test func aSocketWithoutSessionsNeverRunsItsTimer() async throws {
        let (server, _) = try await start(sweep: .milliseconds(5), session: nil)
        defer { Task { await server.stop() } }
        try await Task.sleep(for: .milliseconds(200))  // forty sweeps' worth, had the timer run
        #expect(server.counters.first?.timerRuns.value == 0)
    }

    @Test func aHostedSessionsDeadlineFires() async throws {
        let session = DeadlineSession(delay: .milliseconds(30))
        let (server, address) = try await start(sweep: .seconds(30), session: session)
        defer { Task { await server.stop() } }
        let client = try LoopbackUDPClient()
        try bind(client, to: address.port)
        #expect(receive(Array("timeout".utf8), by: client))
        #expect(session.timeouts == 1)
    }

    @Test func servicingSendsWhatWasQueuedOutsideARead() async throws {
        let session = DeadlineSession(delay: nil)
        let (server, address) = try await start(sweep: .seconds(30), session: session)
        defer { Task { await server.stop() } }
        let client = try LoopbackUDPClient()
        try bind(client, to: address.port)
        for _ in 0..<50 where !session.hasPeer { try await Task.sleep(for: .milliseconds(20)) }
        #expect(session.hasPeer)
        session.queueOutOfBand(Array("command".utf8))
        #expect(client.receive() == nil, "nothing reads, no deadline, the sweep is 30 s away")
        server.serviceSessions(boundTo: address)
        #expect(receive(Array("command".utf8), by: client, attempts: 3))
    }
}
