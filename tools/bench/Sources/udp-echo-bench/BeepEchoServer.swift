import BeepSFUServer
import BeepSTUN
import BeepWire
import CUDPLoad
import Logging
import NIOPosix

/// Beep's UDP driver (`MediaServer`) hosting one session that echoes every datagram to its
/// sender. The client's 5-tuple is bound by a valid ICE connectivity check first, as a
/// browser's would be (RFC 8445 §7.3); after that every datagram takes the established path:
/// 5-tuple lookup, copy to `[UInt8]`, `UDPSession.handleDatagram`, `pollTransmit`, write.
final class BeepEchoServer: EchoServer {
    static let displayName = "Beep MediaServer"
    var name: String { Self.displayName }
    let port: UInt16
    let cpuClock: ThreadCPUClock
    /// The driver's counters for the bound socket.
    let counters: MediaSocketCounters
    private let group: MultiThreadedEventLoopGroup
    private let server: MediaServer
    private static let ufrag = "benchU"
    private static let password = "bench-password-0123456789"

    /// Starts a `MediaServer` on 127.0.0.1 (one ephemeral port) and announces the echo session.
    init() async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var logger = Logger(label: "udp-echo-bench")
        logger.logLevel = .warning
        server = MediaServer(configuration: MediaServerConfiguration(host: "127.0.0.1", ports: 0...0),
                             group: group, logger: logger)
        let addresses = try await server.start()
        guard let port = addresses.first?.port, let counters = server.counters.first else {
            throw BenchFailure(description: "MediaServer bound no socket")
        }
        self.port = port
        self.counters = counters
        cpuClock = try await ThreadCPUClock(of: group.next())
        server.directory.announce(PendingSession(localUfrag: Self.ufrag, localPassword: Self.password) { _, _ in
            EchoSession()
        })
    }

    /// The receive-side configuration the plain echo copies.
    static var defaults: MediaServerConfiguration { MediaServerConfiguration() }

    func admit(clientSocket fd: Int32) throws {
        let message = STUNMessage(method: .binding, messageClass: .request, transactionID: .random(),
                                  attributes: [.username("\(Self.ufrag):client"), .priority(1),
                                               .iceControlling(tieBreaker: 1), .useCandidate])
        let check = try message.serialize(integrity: .shortTerm(password: Self.password), fingerprint: true)
        var reply = [UInt8](repeating: 0, count: 2048)
        let length = check.withUnsafeBufferPointer { request in
            reply.withUnsafeMutableBufferPointer { out in
                beep_udp_load_exchange(fd, request.baseAddress, request.count, out.baseAddress, out.count, 1000)
            }
        }
        guard length == check.count else {
            throw BenchFailure(description: "the STUN check was not echoed (reply length \(length))")
        }
    }

    func stop() async throws {
        await server.stop()
        try await group.shutdownGracefully()
    }
}

/// Echoes each datagram to its sender (the driver calls it on the socket's event loop only).
private final class EchoSession: UDPSession {
    private var outbox: [UDPTransmit] = []

    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        outbox.append(UDPTransmit(destination: remote, bytes: bytes))
    }

    func handleTimeout(now: MonotonicTime) {}

    func pollTransmit() -> UDPTransmit? { outbox.isEmpty ? nil : outbox.removeFirst() }

    func pollTimeout() -> MonotonicTime? { nil }

    var isClosed: Bool { false }
}
