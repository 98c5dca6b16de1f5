import BeepNIOAddress
import BeepSTUN
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Where the media sockets listen.
public struct MediaServerConfiguration: Sendable {
    /// The address to bind: 127.0.0.1 in tests, 0.0.0.0 in production.
    public var host: String
    /// The UDP ports, each one socket shared by many peers (default Zoom's 8801-8810).
    /// A range of `0...0` binds one ephemeral port (tests).
    public var ports: ClosedRange<Int>
    /// SO_RCVBUF in bytes; the default buffer drops bursts.
    public var receiveBufferBytes: Int
    /// Datagrams read per system call (`recvmmsg`).
    public var vectorReadCount: Int
    /// The least time between two runs of a socket's timer, which fires its sessions' due
    /// deadlines (``SocketTimerPlan/minimumSpacing``).
    public var timerTick: TimeAmount
    /// The longest a socket hosting sessions goes without a timer run
    /// (``SocketTimerPlan/sweepInterval``); a socket without sessions has no timer at all.
    public var timerSweep: TimeAmount

    /// A configuration; the defaults are the production port range on all interfaces.
    public init(host: String = "0.0.0.0", ports: ClosedRange<Int> = 8801...8810,
                receiveBufferBytes: Int = 4 << 20, vectorReadCount: Int = 32,
                timerTick: TimeAmount = .milliseconds(5), timerSweep: TimeAmount = .milliseconds(50)) {
        self.host = host
        self.ports = ports
        self.receiveBufferBytes = receiveBufferBytes
        self.vectorReadCount = vectorReadCount
        self.timerTick = timerTick
        self.timerSweep = timerSweep
    }

    /// The sockets' timer plan.
    var timerPlan: SocketTimerPlan {
        SocketTimerPlan(minimumSpacing: .nanoseconds(timerTick.nanoseconds),
                        sweepInterval: .nanoseconds(timerSweep.nanoseconds))
    }
}

/// The SFU's UDP driver: one socket per configured port, each owned by one event loop with the
/// sessions bound to it. Sessions are announced in ``directory`` by signalling and bound by
/// their first valid STUN check.
public final class MediaServer: Service, Sendable {
    /// The largest datagram read whole (larger ones are truncated by the kernel and fail to parse).
    public static let maximumDatagramSize = 2048

    /// Sessions announced by signalling, waiting for their first check.
    public let directory: SessionDirectory
    private let configuration: MediaServerConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private struct BoundSockets {
        var channels: [any Channel] = []
        var counters: [MediaSocketCounters] = []
        var transit: [NIOLoopBoundBox<TransitTimeHistogram>] = []
    }

    private let state = NIOLockedValueBox(BoundSockets())

    /// A server that has not bound yet.
    public init(configuration: MediaServerConfiguration, directory: SessionDirectory = SessionDirectory(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.configuration = configuration
        self.directory = directory
        self.group = group
        self.logger = logger
    }

    /// Binds every port; returns the bound local addresses (the host candidates to offer).
    @discardableResult
    public func start() async throws -> [STUNAddress] {
        var bound = BoundSockets()
        do {
            for port in configuration.ports {
                let socketCounters = MediaSocketCounters()
                let loop = group.next()
                let transit = NIOLoopBoundBox.makeBoxSendingValue(TransitTimeHistogram(), eventLoop: loop)
                let channel = try await bootstrap(on: loop, counters: socketCounters, transit: transit)
                    .bind(host: configuration.host, port: port).get()
                bound.channels.append(channel)
                bound.counters.append(socketCounters)
                bound.transit.append(transit)
            }
        } catch {
            for channel in bound.channels { try? await channel.close() }
            throw error
        }
        state.withLockedValue { $0 = bound }
        let addresses = boundAddresses
        logger.notice("media sockets bound", metadata: ["addresses": "\(addresses.map(\.description))"])
        return addresses
    }

    /// The local addresses of the bound sockets, in port order.
    public var boundAddresses: [STUNAddress] {
        state.withLockedValue { $0.channels.compactMap { $0.localAddress.flatMap(SocketAddressConversion.stunAddress) } }
    }

    /// The socket a room is pinned to (DESIGN.md rule 2: a room lives on one event loop): chosen
    /// by a stable hash of `key`, with its event loop and bound address.
    public func socket(pinnedTo key: String) -> (eventLoop: any EventLoop, address: STUNAddress)? {
        state.withLockedValue { state in
            let bound = state.channels.compactMap { channel in
                channel.localAddress.flatMap(SocketAddressConversion.stunAddress).map { (channel.eventLoop, $0) }
            }
            guard !bound.isEmpty else { return nil }
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a: stable across runs
            for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return bound[Int(hash % UInt64(bound.count))]
        }
    }

    /// Makes the socket bound to `local` drain what its sessions queued outside a read or a
    /// timer run (a signalling command, an admin action) and re-plan its timer, now rather than
    /// at its next sweep. Call it on that socket's event loop after changing a session there.
    public func serviceSessions(boundTo local: STUNAddress) {
        let channel = state.withLockedValue { state in
            state.channels.first { $0.localAddress.flatMap(SocketAddressConversion.stunAddress) == local }
        }
        channel?.pipeline.fireUserInboundEventTriggered(MediaSocketHandler.ServiceSessions())
    }

    /// Counters of every socket, in port order.
    public var counters: [MediaSocketCounters] { state.withLockedValue { $0.counters } }

    /// Closes every socket.
    public func stop() async {
        let channels = state.withLockedValue { state in
            defer { state.channels = [] }
            return state.channels
        }
        for channel in channels { try? await channel.close() }
    }

    /// Binds, serves until graceful shutdown, then closes the sockets.
    public func run() async throws {
        if state.withLockedValue({ $0.channels.isEmpty }) { try await start() }
        try? await gracefulShutdown()
        await stop()
    }

    /// Per worker (event loop): its ports, datagram counts, thread CPU time and transit times,
    /// each read on the worker's own loop.
    public func workerStats() async -> [MediaWorkerStats] {
        let bound = state.withLockedValue { $0 }
        var order: [ObjectIdentifier] = []
        var sockets: [ObjectIdentifier: [Int]] = [:]
        for (index, channel) in bound.channels.enumerated() {
            let id = ObjectIdentifier(channel.eventLoop)
            if sockets[id] == nil { order.append(id) }
            sockets[id, default: []].append(index)
        }
        var result: [MediaWorkerStats] = []
        for (worker, id) in order.enumerated() {
            let indices = sockets[id] ?? []
            guard let first = indices.first else { continue }
            let boxes = indices.map { bound.transit[$0] }
            let reading = try? await bound.channels[first].eventLoop.submit { () -> (TransitTimeHistogram, Double?) in
                var merged = TransitTimeHistogram()
                for box in boxes { merged.merge(box.value) }
                return (merged, ThreadCPUTime.currentThreadSeconds())
            }.get()
            let ports = indices.compactMap { bound.channels[$0].localAddress?.port }
            result.append(MediaWorkerStats(
                worker: worker, ports: ports,
                datagramsReceived: indices.reduce(0) { $0 + bound.counters[$1].datagramsReceived.value },
                datagramsSent: indices.reduce(0) { $0 + bound.counters[$1].datagramsSent.value },
                cpuSeconds: reading?.1, transit: (reading?.0 ?? TransitTimeHistogram()).summary))
        }
        return result
    }

    private func bootstrap(on loop: any EventLoop, counters: MediaSocketCounters,
                           transit: NIOLoopBoundBox<TransitTimeHistogram>) -> DatagramBootstrap {
        let directory = self.directory
        let timerPlan = configuration.timerPlan
        return DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(configuration.receiveBufferBytes))
            .channelOption(.datagramVectorReadMessageCount, value: configuration.vectorReadCount)
            // Vector reads split the receive buffer evenly between messages: give each a full
            // datagram's room (NIO's default would leave 64 bytes each with 32 messages).
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(
                capacity: configuration.vectorReadCount * Self.maximumDatagramSize))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        MediaSocketHandler(directory: directory, counters: counters, transit: transit,
                                           timerPlan: timerPlan))
                }
            }
    }
}
