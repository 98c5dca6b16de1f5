import BeepNIOAddress
import BeepSTUN
import BeepTURN
import BeepWire
import Logging
import NIOCore
import NIOPosix

/// The TURN server state and every socket it drives, confined to one event loop: each input
/// (client datagram, stream bytes, relay datagram, timer) runs on ``eventLoop``, feeds the
/// sans-IO ``TURNServer`` and performs its outputs at once. No lock, no hop per packet.
///
/// `@unchecked Sendable` because handlers on the same loop share it; every method asserts
/// (in debug builds) that it runs on ``eventLoop``.
final class TURNDriverCore: @unchecked Sendable {
    /// The loop owning everything here.
    let eventLoop: any EventLoop
    private var server: TURNServer
    private let logger: Logger
    private let relayHost: STUNAddress
    /// Client-facing UDP sockets by their local address.
    private var udpSockets: [STUNAddress: any Channel] = [:]
    /// Client TCP connections by 5-tuple.
    private var connections: [TURNFiveTuple: any Channel] = [:]
    /// Relay sockets by relayed address.
    private var relays: [STUNAddress: TURNRelaySocket] = [:]
    private var timer: Scheduled<Void>?
    private var timerDeadline: MonotonicTime?
    /// Packets queued toward a relay socket that is still binding (bounded).
    static let maxPendingPerRelay = 64

    init(server: TURNServer, relayHost: STUNAddress, eventLoop: any EventLoop, logger: Logger) {
        self.server = server
        self.relayHost = relayHost
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// The protocol counters (read on the loop).
    var statistics: TURNServerStatistics { server.statistics }

    /// The allocations alive (read on the loop).
    var allocations: [TURNAllocationInfo] { server.allocations }

    /// The current time on the monotonic clock the server uses.
    static func now() -> MonotonicTime {
        MonotonicTime(nanoseconds: Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds))
    }

    // MARK: Inputs

    func registerUDPSocket(_ channel: any Channel, local: STUNAddress) {
        eventLoop.assertInEventLoop()
        udpSockets[local] = channel
    }

    func clientDatagram(_ bytes: [UInt8], from client: STUNAddress, local: STUNAddress) {
        eventLoop.assertInEventLoop()
        server.handleDatagram(bytes, on: TURNFiveTuple(transport: .udp, client: client, server: local), now: Self.now())
        drain()
    }

    func connectionOpened(_ channel: any Channel, fiveTuple: TURNFiveTuple) {
        eventLoop.assertInEventLoop()
        connections[fiveTuple] = channel
    }

    func streamBytes(_ bytes: [UInt8], on fiveTuple: TURNFiveTuple) {
        eventLoop.assertInEventLoop()
        server.handleStreamBytes(bytes, on: fiveTuple, now: Self.now())
        drain()
    }

    func connectionClosed(_ fiveTuple: TURNFiveTuple) {
        eventLoop.assertInEventLoop()
        guard connections.removeValue(forKey: fiveTuple) != nil else { return }
        server.handleConnectionClosed(fiveTuple, now: Self.now())
        drain()
    }

    func peerDatagram(_ bytes: [UInt8], relayed: STUNAddress, from peer: STUNAddress) {
        eventLoop.assertInEventLoop()
        server.handlePeerDatagram(bytes, relayed: relayed, from: peer, now: Self.now())
        drain()
    }

    func relayBound(_ channel: any Channel, relayed: STUNAddress) {
        eventLoop.assertInEventLoop()
        guard case .binding(let pending)? = relays[relayed] else {
            // The allocation ended while the socket was binding.
            channel.close(promise: nil)
            return
        }
        relays[relayed] = .bound(channel)
        for (peer, bytes) in pending { write(bytes, to: peer, on: channel) }
    }

    func relayBindFailed(relayed: STUNAddress, error: any Error) {
        eventLoop.assertInEventLoop()
        logger.warning("relay socket bind failed", metadata: ["relayed": "\(relayed)", "error": "\(error)"])
        if case .binding? = relays[relayed] { relays[relayed] = .failed }
    }

    /// Closes every socket the core opened for allocations and connections.
    func closeAll() {
        eventLoop.assertInEventLoop()
        timer?.cancel()
        timer = nil
        for relay in relays.values { if case .bound(let channel) = relay { channel.close(promise: nil) } }
        relays.removeAll()
        for channel in connections.values { channel.close(promise: nil) }
        connections.removeAll()
    }

    // MARK: Outputs

    private func drain() {
        while let output = server.pollOutput() {
            switch output {
            case .toClient(let fiveTuple, let bytes):
                sendToClient(bytes, fiveTuple: fiveTuple)
            case .toPeer(let relayed, let peer, let bytes):
                sendToPeer(bytes, relayed: relayed, peer: peer)
            case .allocationCreated(let info):
                openRelay(info.relayedAddress)
            case .allocationEnded(let info, _):
                closeRelay(info.relayedAddress)
            case .closeConnection(let fiveTuple):
                connections.removeValue(forKey: fiveTuple)?.close(promise: nil)
            }
        }
        scheduleTimer()
    }

    private func sendToClient(_ bytes: [UInt8], fiveTuple: TURNFiveTuple) {
        if fiveTuple.transport == .udp {
            guard let channel = udpSockets[fiveTuple.server] else { return }
            write(bytes, to: fiveTuple.client, on: channel)
        } else if let channel = connections[fiveTuple] {
            channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
        }
    }

    private func sendToPeer(_ bytes: [UInt8], relayed: STUNAddress, peer: STUNAddress) {
        switch relays[relayed] {
        case .bound(let channel)?:
            write(bytes, to: peer, on: channel)
        case .binding(var pending)?:
            guard pending.count < Self.maxPendingPerRelay else { return }
            pending.append((peer, bytes))
            relays[relayed] = .binding(pending)
        case .failed?, nil:
            return
        }
    }

    private func write(_ bytes: [UInt8], to destination: STUNAddress, on channel: any Channel) {
        guard let address = SocketAddressConversion.socketAddress(destination) else { return }
        let envelope = AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: bytes))
        channel.writeAndFlush(envelope, promise: nil)
    }

    private func openRelay(_ relayed: STUNAddress) {
        relays[relayed] = .binding([])
        let core = self
        let bound = DatagramBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TURNRelayHandler(core: core, relayed: relayed))
                }
            }
            .bind(host: relayed.hostDescription, port: Int(relayed.port))
        bound.whenComplete { result in
            switch result {
            case .success(let channel): core.relayBound(channel, relayed: relayed)
            case .failure(let error): core.relayBindFailed(relayed: relayed, error: error)
            }
        }
    }

    private func closeRelay(_ relayed: STUNAddress) {
        if case .bound(let channel)? = relays.removeValue(forKey: relayed) { channel.close(promise: nil) }
    }

    // MARK: Timers

    private func scheduleTimer() {
        guard let deadline = server.pollTimeout() else { return }
        if let current = timerDeadline, current <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        let delay = max(0, deadline.nanoseconds - Self.now().nanoseconds)
        timer = eventLoop.scheduleTask(in: .nanoseconds(delay)) { [self] in
            timerDeadline = nil
            timer = nil
            server.handleTimeout(now: Self.now())
            drain()
        }
    }
}

/// A relay socket's state: binding (with packets waiting), bound, or failed to bind.
enum TURNRelaySocket {
    case binding([(STUNAddress, [UInt8])])
    case bound(any Channel)
    case failed
}
