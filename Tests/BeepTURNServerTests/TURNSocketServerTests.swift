import Glibc
import BeepSTUN
import BeepTURN
import BeepTURNServer
import Logging
import Testing

/// Beep's TURN driver on real loopback sockets: allocate, permission, Send/Data indications and
/// ChannelData both ways, over UDP and TCP (RFC 8656 §7, §9, §11, §12; TCP framing §12.5).
@Suite(.serialized) struct TURNSocketServerTests {
    static let secret = "socket-test-secret"

    /// A server on ephemeral loopback ports, relaying from a port range unlikely to collide.
    static func startServer() async throws -> (TURNSocketServer, udp: STUNAddress, tcp: STUNAddress) {
        var turn = TURNServerConfiguration(realm: "beep.test", secrets: [secret], unixTimeAtOrigin: 0)
        turn.peerPolicy = TURNPeerAddressPolicy(allowed: [TURNAddressPrefix("127.0.0.0/8")].compactMap { $0 })
        let base = UInt16.random(in: 20_000...30_000)
        let configuration = TURNSocketServerConfiguration(
            host: "127.0.0.1", udpPorts: [0], tcpPorts: [0], relayHost: .ipv4(127, 0, 0, 1, port: 0),
            relayPorts: base...(base + 200), turn: turn)
        let server = try TURNSocketServer(configuration: configuration, logger: Logger(label: "test.turn"))
        let bound = try await server.start()
        guard let udp = bound.udp.first, let tcp = bound.tcp.first else {
            await server.stop()
            throw TURNSocketServerError(.bindFailed, "no bound address")
        }
        return (server, udp, tcp)
    }

    static func credentials() -> TURNCredentials {
        TURNCredentials.make(secret: secret, userID: "alice", ttl: .seconds(3600),
                             now: Int64(ContinuousClockSeconds.now))
    }

    @Test(arguments: [TURNTransport.udp, .tcp])
    func rfc8656_allocatePermissionSendAndChannelDataBothWays(transport: TURNTransport) async throws {
        let (server, udp, tcp) = try await Self.startServer()
        defer { Task { await server.stop() } }
        let serverAddress = transport == .udp ? udp : tcp
        let socket = try #require(transport == .udp ? LoopbackSocket() : LoopbackSocket(tcpTo: tcp))
        let client = TURNLoopbackClient(socket: socket, server: serverAddress, credentials: Self.credentials())
        let peer = try #require(LoopbackSocket())

        let relayed = try #require(client.allocate())
        #expect(relayed.hostDescription == "127.0.0.1")
        let permission = client.request(.createPermission, [.xorPeerAddress(peer.localAddress)])
        #expect(permission?.messageClass == .successResponse)

        // Send indication -> the peer hears it from the relayed address.
        client.sendIndication(to: peer.localAddress, Array("via send".utf8))
        let atPeer = try #require(peer.receive())
        #expect(atPeer.bytes == Array("via send".utf8))
        #expect(atPeer.from == relayed)

        // The peer answers -> a Data indication at the client.
        peer.send(Array("back as data".utf8), to: relayed)
        let data = try #require(client.receive())
        let indication = try #require(try? STUNMessage.parse(data.bytes))
        #expect(indication.method == .data)
        #expect(indication.data == Array("back as data".utf8))

        // ChannelBind, then ChannelData both ways.
        let channel: UInt16 = 0x4001
        let bind = client.request(.channelBind, [.channelNumber(channel), .xorPeerAddress(peer.localAddress)])
        #expect(bind?.messageClass == .successResponse)
        client.sendChannelData(channel, Array("channel out".utf8))
        #expect(peer.receive()?.bytes == Array("channel out".utf8))
        peer.send(Array("channel in!".utf8), to: relayed)
        let back = try #require(client.receive())
        #expect(Array(back.bytes.prefix(2)) == [0x40, 0x01])
        #expect(Array(back.bytes.dropFirst(4).prefix(11)) == Array("channel in!".utf8))

        #expect(try await server.allocations().count == 1)
        let statistics = try await server.statistics()
        #expect(statistics.packetsToPeers == 2)
        #expect(statistics.packetsToClients == 2)
    }

    @Test func rfc8656Section21_3_permissionToMetadataAddressIsForbiddenAndNothingIsSent() async throws {
        let (server, udp, _) = try await Self.startServer()
        defer { Task { await server.stop() } }
        let socket = try #require(LoopbackSocket())
        let client = TURNLoopbackClient(socket: socket, server: udp, credentials: Self.credentials())
        _ = try #require(client.allocate())
        let metadata = STUNAddress.ipv4(169, 254, 169, 254, port: 80)
        let response = client.request(.createPermission, [.xorPeerAddress(metadata)])
        #expect(response?.errorCode?.code == 403)
        client.sendIndication(to: metadata, [1, 2, 3])
        // Round trip a Binding so the indication was surely processed.
        #expect(client.request(.binding, [])?.messageClass == .successResponse)
        #expect(try await server.statistics().packetsToPeers == 0)
    }

    @Test func rfc8489_bindingAnswersWithTheMappedAddress() async throws {
        let (server, udp, _) = try await Self.startServer()
        defer { Task { await server.stop() } }
        let socket = try #require(LoopbackSocket())
        let client = TURNLoopbackClient(socket: socket, server: udp, credentials: Self.credentials())
        let response = client.request(.binding, [])
        #expect(response?.xorMappedAddress == socket.localAddress)
    }

    @Test func closingTheTCPConnectionEndsTheAllocation() async throws {
        let (server, _, tcp) = try await Self.startServer()
        defer { Task { await server.stop() } }
        do {
            let socket = try #require(LoopbackSocket(tcpTo: tcp))
            let client = TURNLoopbackClient(socket: socket, server: tcp, credentials: Self.credentials())
            _ = try #require(client.allocate())
            #expect(try await server.allocations().count == 1)
            withExtendedLifetime(client) {}
        }
        var remaining = 1
        for _ in 0..<50 where remaining > 0 {
            try await Task.sleep(for: .milliseconds(20))
            remaining = try await server.allocations().count
        }
        #expect(remaining == 0)
    }
}

/// Wall-clock Unix seconds for issuing credentials in tests.
enum ContinuousClockSeconds {
    static var now: Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time.tv_sec
    }
}
