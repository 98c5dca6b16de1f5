import BeepNIOAddress
import BeepSTUN
import BeepTURN
import BeepWire
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// Beep's TURN and STUN server on sockets (RFC 8656, RFC 8489): UDP on the configured ports,
/// TCP with RFC 8656 §3.1 framing, TLS (NIOSSL) with the same framing when a certificate is
/// configured, one relay UDP socket per allocation. Everything runs on
/// one event loop that owns the sans-IO ``TURNServer``; timers come from its `pollTimeout()`.
public final class TURNSocketServer: Service, Sendable {
    private let configuration: TURNSocketServerConfiguration
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let core: TURNDriverCore
    private let tlsContext: NIOSSLContext?
    private let listeners = NIOLockedValueBox<(udp: [any Channel], tcp: [any Channel], tls: [any Channel])>(([], [], []))

    /// A server that has not bound yet. `eventLoop` owns every TURN socket and the state.
    public init(configuration: TURNSocketServerConfiguration,
                eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next(),
                logger: Logger) throws(TURNSocketServerError) {
        guard !configuration.relayHost.addressBytes.allSatisfy({ $0 == 0 }) else {
            throw TURNSocketServerError(.invalidRelayHost, "the relay host must be a concrete IP address")
        }
        if !configuration.tlsPorts.isEmpty {
            guard let identity = configuration.tls else {
                throw TURNSocketServerError(.tlsConfiguration, "TURN over TLS ports need a certificate and a key")
            }
            tlsContext = try identity.makeContext()
        } else {
            tlsContext = nil
        }
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        var turn = configuration.turn
        let wall = Int64(Date().timeIntervalSince1970)
        turn.unixTimeAtOrigin = wall - TURNDriverCore.now().nanoseconds / 1_000_000_000
        var relayBase = configuration.relayHost
        relayBase.port = 0
        let allocator = relayBase.family == .ipv4
            ? TURNPortPoolAllocator(ipv4: relayBase, ports: configuration.relayPorts)
            : TURNPortPoolAllocator(ipv4: nil, ipv6: relayBase, ports: configuration.relayPorts)
        core = TURNDriverCore(server: TURNServer(configuration: turn, allocator: allocator),
                              relayHost: relayBase, eventLoop: eventLoop, logger: logger)
    }

    /// Binds every UDP, TCP and TLS port; returns the bound local addresses.
    @discardableResult
    public func start() async throws(TURNSocketServerError) -> (udp: [STUNAddress], tcp: [STUNAddress], tls: [STUNAddress]) {
        var udp: [any Channel] = []
        var tcp: [any Channel] = []
        var tls: [any Channel] = []
        do {
            for port in configuration.udpPorts { udp.append(try await bindUDP(port: port)) }
            for port in configuration.tcpPorts { tcp.append(try await bindStream(port: port, tls: nil)) }
            if let tlsContext {
                for port in configuration.tlsPorts { tls.append(try await bindStream(port: port, tls: tlsContext)) }
            }
        } catch {
            for channel in udp + tcp + tls { try? await channel.close() }
            throw TURNSocketServerError(.bindFailed, "cannot bind TURN on \(configuration.host): \(error)")
        }
        listeners.withLockedValue { $0 = (udp, tcp, tls) }
        let addresses = boundAddresses
        logger.notice("TURN sockets bound", metadata: [
            "udp": "\(addresses.udp.map(\.description))", "tcp": "\(addresses.tcp.map(\.description))",
            "tls": "\(addresses.tls.map(\.description))",
            "relay": "\(configuration.relayHost.hostDescription):\(configuration.relayPorts)",
            "allowedPeers": "\(configuration.turn.peerPolicy.allowed.map(\.description))",
        ])
        return addresses
    }

    /// The bound client-facing addresses.
    public var boundAddresses: (udp: [STUNAddress], tcp: [STUNAddress], tls: [STUNAddress]) {
        listeners.withLockedValue { state in
            (state.udp.compactMap { $0.localAddress.flatMap(SocketAddressConversion.stunAddress) },
             state.tcp.compactMap { $0.localAddress.flatMap(SocketAddressConversion.stunAddress) },
             state.tls.compactMap { $0.localAddress.flatMap(SocketAddressConversion.stunAddress) })
        }
    }

    /// The protocol counters, read on the owning loop.
    public func statistics() async throws -> TURNServerStatistics {
        let core = self.core
        return try await eventLoop.submit { core.statistics }.get()
    }

    /// The allocations alive, read on the owning loop.
    public func allocations() async throws -> [TURNAllocationInfo] {
        let core = self.core
        return try await eventLoop.submit { core.allocations }.get()
    }

    /// Closes the listening sockets, the connections and the relay sockets.
    public func stop() async {
        let channels = listeners.withLockedValue { state in
            defer { state = ([], [], []) }
            return state.udp + state.tcp + state.tls
        }
        for channel in channels { try? await channel.close() }
        let core = self.core
        try? await eventLoop.submit { core.closeAll() }.get()
    }

    /// Binds, serves until graceful shutdown, then closes everything.
    public func run() async throws {
        if listeners.withLockedValue({ $0.udp.isEmpty && $0.tcp.isEmpty && $0.tls.isEmpty }) { try await start() }
        try? await gracefulShutdown()
        await stop()
    }

    private func bindUDP(port: Int) async throws -> any Channel {
        let core = self.core
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .bind(host: configuration.host, port: port).get()
        guard let local = channel.localAddress.flatMap(SocketAddressConversion.stunAddress) else {
            try? await channel.close()
            throw TURNSocketServerError(.bindFailed, "UDP port \(port) has no IP address")
        }
        try await eventLoop.submit {
            core.registerUDPSocket(channel, local: local)
            try channel.pipeline.syncOperations.addHandler(TURNClientDatagramHandler(core: core, local: local))
        }.get()
        return channel
    }

    /// A TCP listener; with `tls`, each connection is TLS (NIOSSL) under the same stream handler.
    private func bindStream(port: Int, tls: NIOSSLContext?) async throws -> any Channel {
        let core = self.core
        return try await ServerBootstrap(group: eventLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let local = channel.localAddress.flatMap(SocketAddressConversion.stunAddress) else {
                        throw TURNSocketServerError(.bindFailed, "TCP connection without a local IP address")
                    }
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        TURNClientStreamHandler(core: core, local: local, transport: tls == nil ? .tcp : .tls))
                }
            }
            .bind(host: configuration.host, port: port).get()
    }
}
