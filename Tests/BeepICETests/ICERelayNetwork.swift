import BeepICE
import BeepSTUN
import BeepTURN
import BeepTestSupport
import BeepWire

/// A virtual network with two full ICE agents and Beep's sans-IO ``TURNServer`` in between,
/// in virtual time: agent A reaches the server from its host base (UDP) or over a virtual
/// TCP connection; datagrams the server relays reach agent B as if sent from A's relayed
/// address, and B's datagrams to a relayed address go into the server's relay socket.
final class ICERelayNetwork {
    static let serverAddress = STUNAddress.ipv4(192, 0, 2, 1, port: 3478)
    static let relayIP = STUNAddress.ipv4(192, 0, 2, 1, port: 0)
    static let secret = "ice-relay-test-secret"
    static let unixOrigin: Int64 = 1_800_000_000

    let a: ICEAgent
    let b: ICEAgent
    let aBase: STUNAddress
    let bAddress: STUNAddress
    var server: TURNServer
    var now = MonotonicTime.zero
    private var line = VirtualDelayLine<Action>(delay: .milliseconds(5))
    /// Application payloads B received (non-STUN datagrams), in order.
    private(set) var bReceivedData: [(from: STUNAddress, bytes: [UInt8])] = []
    /// Every message A sent toward the TURN server, in order.
    private(set) var aToServer: [[UInt8]] = []
    private(set) var aEvents: [ICEEvent] = []
    private(set) var bEvents: [ICEEvent] = []

    enum Action {
        case toServer(source: STUNAddress, bytes: [UInt8], transport: TURNTransport)
        case toA(bytes: [UInt8], transport: TURNTransport)
        case toB(from: STUNAddress, bytes: [UInt8])
        case toRelay(relayed: STUNAddress, from: STUNAddress, bytes: [UInt8])
    }

    init(a: ICEAgent, aBase: STUNAddress, b: ICEAgent, bAddress: STUNAddress, allowPeers: [String]) {
        self.a = a
        self.b = b
        self.aBase = aBase
        self.bAddress = bAddress
        var configuration = TURNServerConfiguration(realm: "beep.test", secrets: [Self.secret],
                                                    nonceKey: Array("ice-relay-nonce-key".utf8),
                                                    unixTimeAtOrigin: Self.unixOrigin)
        configuration.peerPolicy = TURNPeerAddressPolicy(allowed: allowPeers.compactMap { TURNAddressPrefix($0) })
        server = TURNServer(configuration: configuration,
                            allocator: TURNPortPoolAllocator(ipv4: Self.relayIP, ports: 49152...49160), seed: 5)
    }

    static func credentials() -> TURNCredentials {
        TURNCredentials.make(secret: secret, userID: "bot", ttl: .seconds(86_400), now: unixOrigin)
    }

    private func schedule(_ action: Action) { line.schedule(action, now: now) }

    private func drain() {
        while let transmit = a.pollTransmit() {
            if transmit.destination == Self.serverAddress {
                aToServer.append(transmit.bytes)
                schedule(.toServer(source: transmit.source, bytes: transmit.bytes, transport: transmit.transport))
            } else if transmit.destination == bAddress {
                schedule(.toB(from: transmit.source, bytes: transmit.bytes))
            }
        }
        while let transmit = b.pollTransmit() {
            if transmit.destination.addressBytes == Self.relayIP.addressBytes, transmit.destination.port != 3478 {
                schedule(.toRelay(relayed: transmit.destination, from: transmit.source, bytes: transmit.bytes))
            }
        }
        while let event = a.pollEvent() { aEvents.append(event) }
        while let event = b.pollEvent() { bEvents.append(event) }
        while let output = server.pollOutput() {
            switch output {
            case .toClient(let fiveTuple, let bytes):
                schedule(.toA(bytes: bytes, transport: fiveTuple.transport))
            case .toPeer(let relayed, let peer, let bytes) where peer == bAddress:
                schedule(.toB(from: relayed, bytes: bytes))
            default:
                break
            }
        }
    }

    private func perform(_ action: Action) {
        switch action {
        case .toServer(let source, let bytes, let transport):
            let fiveTuple = TURNFiveTuple(transport: transport, client: source, server: Self.serverAddress)
            if transport.isStream {
                server.handleStreamBytes(bytes, on: fiveTuple, now: now)
            } else {
                server.handleDatagram(bytes, on: fiveTuple, now: now)
            }
        case .toA(let bytes, let transport):
            a.handleTURNServerData(bytes, from: Self.serverAddress, transport: transport, now: now)
        case .toB(let from, let bytes):
            if STUNMessage.isSTUN(bytes), let message = try? STUNMessage.parse(bytes) {
                b.handleSTUN(message, from: from, to: bAddress, now: now)
            } else {
                bReceivedData.append((from, bytes))
            }
        case .toRelay(let relayed, let from, let bytes):
            server.handlePeerDatagram(bytes, relayed: relayed, from: from, now: now)
        }
    }

    /// Runs until virtual time `end`.
    func run(until end: MonotonicTime) {
        var iterations = 0
        while iterations < 500_000 {
            iterations += 1
            drain()
            guard let next = line.nextEvent(a.pollTimeout(), b.pollTimeout(), server.pollTimeout()), next <= end else {
                now = max(now, end)
                return
            }
            now = max(now, next)
            for action in line.takeDue(now: now) {
                perform(action)
                drain()
            }
            if let deadline = a.pollTimeout(), deadline <= now { a.handleTimeout(now: now) }
            if let deadline = b.pollTimeout(), deadline <= now { b.handleTimeout(now: now) }
            if let deadline = server.pollTimeout(), deadline <= now { server.handleTimeout(now: now) }
        }
    }

    func advance(_ duration: Duration) { run(until: now + duration) }

    /// The relayed candidate A reported, if any.
    var aRelayCandidate: ICECandidate? {
        for event in aEvents {
            if case .localCandidateGathered(let candidate) = event, candidate.kind == .relay { return candidate }
        }
        return nil
    }
}
