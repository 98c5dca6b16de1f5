import BeepSTUN
import BeepTURN
import BeepWire
import Foundation
import Testing

/// Beep's sans-IO TURN client against a real coturn on loopback, over UDP and TCP: allocation
/// with the 401 round, permission, channel, data both ways, stale nonce, release
/// (RFC 8656; coturn `--use-auth-secret`).
@Suite(.serialized) struct TURNClientCoturnTests {
    /// Drives a TURN client over a real socket until `done` or `timeout`.
    final class ClientDriver {
        var client: TURNClient
        let clock = RealClock()
        let udp: LoopbackUDPSocket?
        let tcp: LoopbackTCPConnection?
        let peer: LoopbackUDPSocket
        var events: [TURNClientEvent] = []
        var peerReceived: [(bytes: [UInt8], from: STUNAddress)] = []

        init(coturn: CoturnProcess, transport: TURNTransport) throws {
            let credentials = TURNCredentials.make(secret: coturn.secret, userID: "beep-bot", ttl: .seconds(3600),
                                                   now: Int64(Date().timeIntervalSince1970))
            client = TURNClient(configuration: TURNClientConfiguration(server: coturn.address, transport: transport,
                                                                       credentials: credentials))
            udp = transport == .udp ? try LoopbackUDPSocket() : nil
            tcp = transport == .tcp ? try LoopbackTCPConnection(to: coturn.address) : nil
            peer = try LoopbackUDPSocket()
        }

        func run(for limit: Duration, until done: (ClientDriver) -> Bool) {
            let end = ContinuousClock.now + limit
            while ContinuousClock.now < end {
                let now = clock.now
                if let udp { while let (bytes, _) = udp.receive() { client.handleReceived(bytes, now: now) } }
                if let tcp {
                    while let bytes = tcp.receive() { client.handleReceived(bytes, now: now) }
                    if tcp.isClosed { client.handleConnectionClosed(now: now) }
                }
                while let datagram = peer.receive() { peerReceived.append(datagram) }
                if let deadline = client.pollTimeout(), deadline <= now { client.handleTimeout(now: now) }
                flush()
                if done(self) { return }
                waitReadable([udp?.descriptor, tcp?.descriptor, peer.descriptor].compactMap { $0 }, timeout: .milliseconds(5))
            }
        }

        func flush() {
            while let bytes = client.pollTransmit() {
                if let tcp { tcp.send(bytes) } else { udp?.send(bytes, to: client.configuration.server) }
            }
            while let event = client.pollEvent() { events.append(event) }
        }

        var received: [[UInt8]] {
            events.compactMap { if case .data(_, let payload) = $0 { payload } else { nil } }
        }
    }

    @Test(arguments: [TURNTransport.udp, .tcp])
    func allocatesAndRelaysBothWaysThroughCoturn(transport: TURNTransport) throws {
        let coturn = try CoturnProcess()
        defer { coturn.stop() }
        let driver = try ClientDriver(coturn: coturn, transport: transport)
        driver.client.allocate(now: driver.clock.now)
        driver.run(for: .seconds(5)) { $0.client.state != .allocating }
        try #require(driver.client.state == .allocated, "coturn log:\n\(coturn.logTail())")
        let relayed = try #require(driver.client.relayedAddress)
        #expect(relayed.addressBytes == [127, 0, 0, 1])
        #expect(driver.client.statistics.requestsSent == 2)  // unauthenticated, then after 401

        // Send indications first (permission created on first use), then a channel.
        let peer = driver.peer.address
        for index in 0..<20 { try driver.client.send([0xA0, UInt8(index)], to: peer, now: driver.clock.now) }
        driver.run(for: .seconds(5)) { $0.peerReceived.count >= 20 }
        #expect(driver.peerReceived.map(\.bytes) == (0..<20).map { [0xA0, UInt8($0)] })
        #expect(driver.peerReceived.allSatisfy { $0.from == relayed })
        try driver.client.bindChannel(to: peer, now: driver.clock.now)
        driver.run(for: .seconds(5)) { $0.client.boundChannel(for: peer) != nil }
        try #require(driver.client.boundChannel(for: peer) != nil, "coturn log:\n\(coturn.logTail())")
        for index in 0..<50 {
            try driver.client.send([0xC0, UInt8(index), 1, 2, 3], to: peer, now: driver.clock.now)
            driver.peer.send([0xD0, UInt8(index), 9], to: relayed)
        }
        driver.run(for: .seconds(5)) { $0.peerReceived.count >= 70 && $0.received.count >= 50 }
        #expect(driver.peerReceived.dropFirst(20).map(\.bytes) == (0..<50).map { [0xC0, UInt8($0), 1, 2, 3] })
        #expect(driver.received == (0..<50).map { [0xD0, UInt8($0), 9] })
        #expect(driver.client.statistics.channelDataSent == 50)
        #expect(driver.client.statistics.channelDataReceived == 50)

        driver.client.release(now: driver.clock.now)
        driver.run(for: .seconds(5)) { $0.client.state != .releasing }
        #expect(driver.client.state == .released)
    }

    @Test func staleNonceFromCoturnIsRetried() throws {
        let coturn = try CoturnProcess(staleNonceSeconds: 1)
        defer { coturn.stop() }
        let driver = try ClientDriver(coturn: coturn, transport: .udp)
        driver.client.allocate(now: driver.clock.now)
        driver.run(for: .seconds(5)) { $0.client.state != .allocating }
        try #require(driver.client.state == .allocated, "coturn log:\n\(coturn.logTail())")
        Thread.sleep(forTimeInterval: 2.5)
        let before = driver.client.statistics.requestsSent
        let peer = driver.peer.address
        try driver.client.createPermission(for: peer, now: driver.clock.now)
        driver.run(for: .seconds(5)) { $0.client.hasPermission(for: peer) }
        #expect(driver.client.hasPermission(for: peer), "coturn log:\n\(coturn.logTail())")
        // 438 Stale Nonce, then the retry with coturn's new nonce (RFC 8489 §9.2.5).
        #expect(driver.client.statistics.requestsSent - before == 2)
    }

    @Test func wrongSecretGets401FromCoturn() throws {
        let coturn = try CoturnProcess()
        defer { coturn.stop() }
        let credentials = TURNCredentials.make(secret: "not-" + coturn.secret, userID: "mallory", ttl: .seconds(600),
                                               now: Int64(Date().timeIntervalSince1970))
        let driver = try ClientDriver(coturn: coturn, transport: .udp)
        driver.client = TURNClient(configuration: TURNClientConfiguration(server: coturn.address, credentials: credentials))
        driver.client.allocate(now: driver.clock.now)
        driver.run(for: .seconds(5)) { $0.client.state != .allocating }
        guard case .failed(let error) = driver.client.state else {
            Issue.record("expected a failure, got \(driver.client.state)")
            return
        }
        #expect(error.code == .unauthenticated)
        #expect(error.stunError?.code == 401)
    }
}
