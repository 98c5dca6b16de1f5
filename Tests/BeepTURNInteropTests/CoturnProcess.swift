import BeepSTUN
import Foundation
import Testing

/// Debian's coturn `turnserver`, started by the test itself on 127.0.0.1 with a random free
/// port, REST-API credentials (`--use-auth-secret`) under a random secret, a fresh temporary
/// directory for its log, pid and database, and relaying only to 127.0.0.1. ``stop()`` kills
/// it; the test always calls it.
final class CoturnProcess {
    /// Where Debian installs it (`apt-get install -y coturn`).
    static let candidates = ["/usr/bin/turnserver", "/usr/sbin/turnserver", "/usr/local/bin/turnserver"]

    let address: STUNAddress
    let secret: String
    let directory: URL
    let process: Process
    var logPath: String { directory.appendingPathComponent("turnserver.log").path }

    struct NotInstalled: Error, CustomStringConvertible {
        var description: String {
            "coturn's turnserver is not installed (looked in \(CoturnProcess.candidates.joined(separator: ", "))): "
                + "run `apt-get install -y coturn` (tools/setup-system.sh, interop group)"
        }
    }

    struct StartFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts coturn and waits (at most 10 s) until it answers a STUN Binding request.
    /// `staleNonceSeconds` shortens the nonce lifetime (coturn `--stale-nonce`).
    init(staleNonceSeconds: Int? = nil) throws {
        guard let executable = Self.candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NotInstalled()
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("beep-coturn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        secret = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 36) }.joined()
        let port = try Self.freePort()
        address = .ipv4(127, 0, 0, 1, port: port)
        let relayBase = Int.random(in: 20_000...32_000)  // below Linux's ephemeral range
        var arguments = [
            "-n",  // no configuration file
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=\(port)",
            "--min-port=\(relayBase)", "--max-port=\(relayBase + 200)",
            "--use-auth-secret", "--static-auth-secret=\(secret)", "--realm=beep.test",
            "--allowed-peer-ip=127.0.0.1", "--allow-loopback-peers",
            "--no-tls", "--no-dtls", "--no-cli", "--no-rfc5780", "--no-stun-backward-compatibility",
            "--no-multicast-peers", "--relay-threads=1",
            "--pidfile=\(directory.appendingPathComponent("turnserver.pid").path)",
            "--userdb=\(directory.appendingPathComponent("turndb").path)",
            "--log-file=\(directory.appendingPathComponent("turnserver.log").path)", "--simple-log", "--no-stdout-log",
            "--verbose",
        ]
        if let staleNonceSeconds { arguments.append("--stale-nonce=\(staleNonceSeconds)") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilReady()
    }

    /// Stops coturn (SIGTERM, then SIGKILL after 2 s) and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The end of coturn's log, for failure messages.
    func logTail(lines: Int = 40) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    private func waitUntilReady() throws {
        let socket = try LoopbackUDPSocket()
        let deadline = ContinuousClock.now + .seconds(10)
        var attempt: UInt64 = 0
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw StartFailed(description: "turnserver exited with status \(process.terminationStatus):\n\(logTail())")
            }
            attempt += 1
            let request = STUNMessage(method: .binding, messageClass: .request,
                                      transactionID: STUNTransactionID(high: 7, low: attempt))
            if let bytes = try? request.serialize() { socket.send(bytes, to: address) }
            waitReadable([socket.descriptor], timeout: .milliseconds(50))
            while let (bytes, _) = socket.receive() {
                if let response = try? STUNMessage.parse(bytes), response.messageClass == .successResponse { return }
            }
        }
        stop()
        throw StartFailed(description: "turnserver did not answer a STUN Binding request within 10 s:\n\(logTail())")
    }

    /// A port free for both UDP and TCP on 127.0.0.1 (the kernel picks it).
    private static func freePort() throws -> UInt16 {
        for _ in 0..<20 {
            let udp = try LoopbackUDPSocket()
            let port = udp.address.port
            if (try? LoopbackTCPListenerProbe(port: port)) != nil { return port }
        }
        throw StartFailed(description: "no free port on 127.0.0.1 for both UDP and TCP")
    }
}

/// Binds (and immediately closes) a TCP socket to check a port is free.
struct LoopbackTCPListenerProbe {
    init(port: UInt16) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LoopbackSocketError(operation: "socket(TCP)", code: errno) }
        defer { close(fd) }
        var raw = LoopbackAddress.sockaddr(.ipv4(127, 0, 0, 1, port: port))
        let bound = withUnsafePointer(to: &raw) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LoopbackSocketError(operation: "bind(TCP \(port))", code: errno) }
    }
}
