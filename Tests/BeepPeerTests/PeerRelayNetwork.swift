import BeepDTLS
import BeepICE
import BeepPeer
import BeepSTUN
import BeepTURN
import BeepTestSupport
import BeepWire

/// A bot ``PeerSession`` (full ICE, relay-only transport policy, DTLS client) and an SFU
/// session (ICE lite, DTLS server) with Beep's sans-IO ``TURNServer`` between them, in virtual
/// time: the bot reaches only the TURN server; the SFU sees the bot at its relayed address.
final class PeerRelayNetwork {
    static let serverAddress = STUNAddress.ipv4(127, 0, 0, 1, port: 3478)
    static let relayIP = STUNAddress.ipv4(127, 0, 0, 1, port: 0)
    static let secret = "peer-relay-test-secret"
    static let unixOrigin: Int64 = 1_800_000_000

    let bot: PeerSession
    let sfu: PeerSession
    var server: TURNServer
    private(set) var now = MonotonicTime.zero
    private var line = VirtualDelayLine<Action>(delay: .milliseconds(5))
    /// Everything the bot sent, by destination.
    private(set) var botDestinations: [STUNAddress] = []
    private(set) var botEvents: [PeerEvent] = []
    private(set) var sfuEvents: [PeerEvent] = []

    private enum Action {
        case toServer(source: STUNAddress, bytes: [UInt8])
        case toBot(bytes: [UInt8])
        case toSFU(from: STUNAddress, bytes: [UInt8])
        case toRelay(relayed: STUNAddress, from: STUNAddress, bytes: [UInt8])
    }

    init() throws {
        let botCertificate = try DTLSCertificate(commonName: "bot")
        let sfuCertificate = try DTLSCertificate(commonName: "sfu")
        let credentials = TURNCredentials.make(secret: Self.secret, userID: "bot", ttl: .seconds(86_400),
                                               now: Self.unixOrigin)
        var ice = ICEAgentConfiguration(mode: .full, role: .controlling, localCredentials: PeerPair.botCredentials,
                                        addressPolicy: .loopbackOnly)
        ice.turnServers = [ICETURNServer(address: Self.serverAddress, credentials: credentials)]
        ice.transportPolicy = .relay
        bot = try PeerSession(configuration: PeerSessionConfiguration(
            ice: ice, remoteCredentials: PeerPair.sfuCredentials, localCandidates: [.host(PeerPair.botAddress)],
            remoteCandidates: [.host(PeerPair.sfuAddress)], certificate: botCertificate,
            remoteFingerprint: sfuCertificate.fingerprint, dtlsRole: .client), now: now, random: SeededGenerator(seed: 3))
        sfu = try PeerSession(configuration: PeerSessionConfiguration(
            ice: ICEAgentConfiguration(mode: .lite, localCredentials: PeerPair.sfuCredentials, addressPolicy: .loopbackOnly),
            remoteCredentials: PeerPair.botCredentials, localCandidates: [.host(PeerPair.sfuAddress)],
            certificate: sfuCertificate, remoteFingerprint: botCertificate.fingerprint, dtlsRole: .server),
            now: now, random: SeededGenerator(seed: 4))
        bot.ice.endOfRemoteCandidates()
        var configuration = TURNServerConfiguration(realm: "beep.test", secrets: [Self.secret],
                                                    nonceKey: Array("peer-relay-nonce-key".utf8),
                                                    unixTimeAtOrigin: Self.unixOrigin)
        configuration.peerPolicy = TURNPeerAddressPolicy(allowed: [TURNAddressPrefix("127.0.0.1/32")].compactMap { $0 })
        server = TURNServer(configuration: configuration,
                            allocator: TURNPortPoolAllocator(ipv4: Self.relayIP, ports: 49152...49160), seed: 5)
    }

    /// The relayed candidate the bot's agent gathered, if any.
    var botRelayCandidate: ICECandidate? { bot.ice.localCandidates.first { $0.kind == .relay } }

    private func schedule(_ action: Action) { line.schedule(action, now: now) }

    private func drain() {
        while let transmit = bot.pollTransmit() {
            botDestinations.append(transmit.destination)
            if transmit.destination == Self.serverAddress {
                schedule(.toServer(source: transmit.source, bytes: transmit.bytes))
            } else if transmit.destination == PeerPair.sfuAddress {
                schedule(.toSFU(from: transmit.source, bytes: transmit.bytes))
            }
        }
        while let transmit = sfu.pollTransmit() {
            guard transmit.destination.addressBytes == Self.relayIP.addressBytes,
                  transmit.destination.port != Self.serverAddress.port else { continue }
            schedule(.toRelay(relayed: transmit.destination, from: transmit.source, bytes: transmit.bytes))
        }
        while let event = bot.pollEvent() { botEvents.append(event) }
        while let event = sfu.pollEvent() { sfuEvents.append(event) }
        while let output = server.pollOutput() {
            switch output {
            case .toClient(_, let bytes): schedule(.toBot(bytes: bytes))
            case .toPeer(let relayed, let peer, let bytes) where peer == PeerPair.sfuAddress:
                schedule(.toSFU(from: relayed, bytes: bytes))
            default: break
            }
        }
    }

    private func perform(_ action: Action) {
        switch action {
        case .toServer(let source, let bytes):
            server.handleDatagram(bytes, on: TURNFiveTuple(transport: .udp, client: source, server: Self.serverAddress),
                                  now: now)
        case .toBot(let bytes):
            bot.handleDatagram(bytes, from: Self.serverAddress, to: PeerPair.botAddress, now: now)
        case .toSFU(let from, let bytes):
            sfu.handleDatagram(bytes, from: from, to: PeerPair.sfuAddress, now: now)
        case .toRelay(let relayed, let from, let bytes):
            server.handlePeerDatagram(bytes, relayed: relayed, from: from, now: now)
        }
    }

    /// Runs until virtual time `end`, or earlier once `done()` holds.
    func run(until end: MonotonicTime, stopWhen done: () -> Bool = { false }) {
        var iterations = 0
        while iterations < 200_000, !done() {
            iterations += 1
            drain()
            guard let next = line.nextEvent(bot.pollTimeout(), sfu.pollTimeout(), server.pollTimeout()),
                  next <= end else {
                now = max(now, end)
                return
            }
            now = max(now, next)
            for action in line.takeDue(now: now) {
                perform(action)
                drain()
            }
            if let deadline = bot.pollTimeout(), deadline <= now { bot.handleTimeout(now: now) }
            if let deadline = sfu.pollTimeout(), deadline <= now { sfu.handleTimeout(now: now) }
            if let deadline = server.pollTimeout(), deadline <= now { server.handleTimeout(now: now) }
        }
        drain()
    }

    /// Advances by `duration`.
    func advance(_ duration: Duration) { run(until: now + duration) }
}
