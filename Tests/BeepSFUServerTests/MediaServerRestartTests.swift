import BeepSFUServer
import BeepSTUN
import BeepWire
import Logging
import Testing

/// ICE restart through the UDP driver (RFC 8445 §9): after the session announced new
/// credentials, a check naming the new ufrag from a new address reaches the same session,
/// keyed by the new password; the old password does not open the new ufrag.
@Suite(.serialized) struct MediaServerRestartTests {
    static let newUfrag = "srvU2"
    static let newPassword = "server-password-new-0123456789"

    @Test func checkWithTheNewUfragFromANewAddressReachesTheSameSession() async throws {
        let (server, port, session) = try await MediaServerTests().startServer()
        defer { Task { await server.stop() } }
        let first = try LoopbackUDPClient()
        let request = try MediaServerTests().check(username: "\(MediaServerTests.ufrag):peer", password: MediaServerTests.password)
        first.send(request, toPort: port)
        #expect(first.receive() == request)

        server.directory.announceRestart(RestartedCredentials(hostingUfrag: MediaServerTests.ufrag,
                                                              localUfrag: Self.newUfrag, localPassword: Self.newPassword))
        let moved = try LoopbackUDPClient()  // the browser's new port after restartIce()
        let wrongKey = try MediaServerTests().check(username: "\(Self.newUfrag):peer2", password: MediaServerTests.password)
        moved.send(wrongKey, toPort: port)
        #expect(moved.receive() == nil)
        let restarted = try MediaServerTests().check(username: "\(Self.newUfrag):peer2", password: Self.newPassword)
        moved.send(restarted, toPort: port)
        #expect(moved.receive() == restarted)
        #expect(session.datagrams == [request, restarted])
        #expect(server.counters.first?.sessionsHosted.value == 1)  // one session, two addresses
    }

    @Test func restartBeforeTheFirstCheckClaimsThePendingSession() async throws {
        let (server, port, session) = try await MediaServerTests().startServer()
        defer { Task { await server.stop() } }
        server.directory.announceRestart(RestartedCredentials(hostingUfrag: MediaServerTests.ufrag,
                                                              localUfrag: Self.newUfrag, localPassword: Self.newPassword))
        let client = try LoopbackUDPClient()
        let restarted = try MediaServerTests().check(username: "\(Self.newUfrag):peer", password: Self.newPassword)
        client.send(restarted, toPort: port)
        #expect(client.receive() == restarted)
        #expect(session.datagrams == [restarted])
        #expect(server.directory.pendingCount == 0)
    }
}
