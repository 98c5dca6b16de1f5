import BeepSTUN
import BeepTURN
import BeepWire

/// Beep's ``TURNClient`` wired to Beep's sans-IO ``TURNServer`` in virtual time: client
/// transmits reach the server after `delay` (or are lost while `dropToServer` > 0 or
/// `partitioned`), server answers reach the client, and relayed datagrams to peers are
/// collected in `peerInbox`.
struct TURNClientTestBed {
    static let clientAddress = STUNAddress.ipv4(198, 51, 100, 7, port: 40_000)
    static let peer = TURNTestHarness.sfuPeer

    var server: TURNServer
    var client: TURNClient
    var now = MonotonicTime.zero
    var delay: Duration = .milliseconds(10)
    /// Drops this many client transmits (requests or data) before delivering again.
    var dropToServer = 0
    /// Drops everything in both directions while true.
    var partitioned = false
    /// Every transmit the client produced: (time, bytes, delivered).
    private(set) var clientTransmits: [(time: MonotonicTime, bytes: [UInt8], delivered: Bool)] = []
    private(set) var events: [TURNClientEvent] = []
    private(set) var peerInbox: [(relayed: STUNAddress, peer: STUNAddress, bytes: [UInt8])] = []
    private(set) var serverOutputs: [TURNServerOutput] = []
    private var toServer: [(arrival: MonotonicTime, bytes: [UInt8])] = []
    private var toClient: [(arrival: MonotonicTime, bytes: [UInt8])] = []

    var fiveTuple: TURNFiveTuple {
        TURNFiveTuple(transport: client.configuration.transport, client: Self.clientAddress,
                      server: TURNTestHarness.serverAddress)
    }

    init(transport: TURNTransport = .udp, serverConfiguration: TURNServerConfiguration = TURNTestHarness.configuration(),
         credentials: TURNCredentials? = nil, adjust: (inout TURNClientConfiguration) -> Void = { _ in }) {
        server = TURNServer(configuration: serverConfiguration,
                            allocator: TURNPortPoolAllocator(ipv4: TURNTestHarness.relayIP, ports: 49152...49200), seed: 3)
        let credentials = credentials ?? TURNCredentials.make(secret: TURNTestHarness.secret, userID: "bot",
                                                              ttl: .seconds(86_400), now: TURNTestHarness.unixOrigin)
        var configuration = TURNClientConfiguration(server: TURNTestHarness.serverAddress, transport: transport,
                                                    credentials: credentials)
        adjust(&configuration)
        client = TURNClient(configuration: configuration, seed: 11)
    }

    /// Moves queued output of both sides onto the wire.
    private mutating func collect() {
        while let bytes = client.pollTransmit() {
            let lost = partitioned || dropToServer > 0
            if dropToServer > 0 { dropToServer -= 1 }
            clientTransmits.append((now, bytes, !lost))
            if !lost { toServer.append((now + delay, bytes)) }
        }
        while let event = client.pollEvent() { events.append(event) }
        while let output = server.pollOutput() {
            serverOutputs.append(output)
            switch output {
            case .toClient(_, let bytes):
                if !partitioned { toClient.append((now + delay, bytes)) }
            case .toPeer(let relayed, let peer, let bytes):
                peerInbox.append((relayed, peer, bytes))
            default:
                break
            }
        }
    }

    /// Runs until virtual time `end`, delivering datagrams and firing timers in order.
    mutating func run(until end: MonotonicTime) {
        var iterations = 0
        while iterations < 200_000 {
            iterations += 1
            collect()
            let candidates = [toServer.map(\.arrival).min(), toClient.map(\.arrival).min(),
                              client.pollTimeout(), server.pollTimeout()].compactMap { $0 }
            guard let next = candidates.min(), next <= end else {
                now = max(now, end)
                return
            }
            now = max(now, next)
            let serverDue = toServer.filter { $0.arrival <= now }
            toServer.removeAll { $0.arrival <= now }
            for datagram in serverDue {
                if fiveTuple.transport.isStream {
                    server.handleStreamBytes(datagram.bytes, on: fiveTuple, now: now)
                } else {
                    server.handleDatagram(datagram.bytes, on: fiveTuple, now: now)
                }
            }
            let clientDue = toClient.filter { $0.arrival <= now }
            toClient.removeAll { $0.arrival <= now }
            for datagram in clientDue { client.handleReceived(datagram.bytes, now: now) }
            if let deadline = client.pollTimeout(), deadline <= now { client.handleTimeout(now: now) }
            if let deadline = server.pollTimeout(), deadline <= now { server.handleTimeout(now: now) }
        }
    }

    /// Runs for `duration` of virtual time.
    mutating func advance(_ duration: Duration) {
        run(until: now + duration)
    }

    /// A peer datagram arriving at the relayed address.
    mutating func peerSends(_ bytes: [UInt8], from peer: STUNAddress = TURNClientTestBed.peer) {
        guard let relayed = client.relayedAddress else { return }
        server.handlePeerDatagram(bytes, relayed: relayed, from: peer, now: now)
    }

    /// Allocates and runs until done (one second).
    mutating func allocate() {
        client.allocate(now: now)
        advance(.seconds(1))
    }

    /// Data the client received from peers, in order.
    var receivedData: [(peer: STUNAddress, payload: [UInt8])] {
        events.compactMap { event in
            if case .data(let peer, let payload) = event { return (peer, payload) }
            return nil
        }
    }

    /// The requests the client sent, parsed (unparsable and non-requests skipped; stream
    /// transmits hold one message each).
    var sentRequests: [(time: MonotonicTime, message: STUNMessage)] {
        clientTransmits.compactMap { entry in
            guard let message = try? STUNMessage.parse(entry.bytes), message.messageClass == .request else { return nil }
            return (entry.time, message)
        }
    }

    /// The failure reported, if any.
    var failure: TURNClientError? {
        for event in events { if case .failed(let error) = event { return error } }
        return nil
    }
}
