import BeepSTUN
import BeepTURN
import BeepTestSupport
import BeepWire
import Testing

/// A virtual-time test bed: one ``TURNServer``, clients that speak TURN with REST-style
/// credentials, and helpers that drain and decode the server's outputs.
struct TURNTestHarness {
    static let secret = "beep-test-secret"
    static let realm = "beep.test"
    /// Unix seconds at MonotonicTime.zero in these tests.
    static let unixOrigin: Int64 = 1_800_000_000
    static let serverAddress = STUNAddress.ipv4(192, 0, 2, 1, port: 3478)
    static let relayIP = STUNAddress.ipv4(192, 0, 2, 1, port: 0)
    /// The SFU's media address the tests allow explicitly (127.0.0.0/8, as issue 6 asks).
    static let sfuPeer = STUNAddress.ipv4(127, 0, 0, 1, port: 8801)

    var server: TURNServer
    var now = MonotonicTime.zero

    /// The configuration the tests start from: 127.0.0.0/8 allowed explicitly.
    static func configuration(allowLoopback: Bool = true) -> TURNServerConfiguration {
        var configuration = TURNServerConfiguration(realm: realm, secrets: [secret],
                                                    nonceKey: Array("nonce-key-for-tests".utf8),
                                                    unixTimeAtOrigin: unixOrigin)
        // Long enough that lifetime tests do not also meet 438; the stale-nonce test shortens it.
        configuration.nonceLifetime = .seconds(7200)
        configuration.peerPolicy = TURNPeerAddressPolicy(
            allowed: allowLoopback ? [TURNAddressPrefix("127.0.0.0/8")].compactMap { $0 } : [])
        return configuration
    }

    init(configuration: TURNServerConfiguration = TURNTestHarness.configuration()) {
        server = TURNServer(configuration: configuration,
                            allocator: TURNPortPoolAllocator(ipv4: Self.relayIP, ports: 49152...49200), seed: 7)
    }

    /// Moves virtual time forward and fires the server's timeout if it is due.
    mutating func advance(_ duration: Duration) -> [TURNServerOutput] {
        now = now + duration
        if let deadline = server.pollTimeout(), deadline <= now { server.handleTimeout(now: now) }
        return drain()
    }

    mutating func drain() -> [TURNServerOutput] {
        var outputs: [TURNServerOutput] = []
        while let output = server.pollOutput() { outputs.append(output) }
        return outputs
    }

    /// Delivers a client datagram (or one stream frame) and returns what the server emitted.
    mutating func deliver(_ bytes: [UInt8], from client: TURNTestClient) -> [TURNServerOutput] {
        if client.fiveTuple.transport.isStream {
            server.handleStreamBytes(bytes, on: client.fiveTuple, now: now)
        } else {
            server.handleDatagram(bytes, on: client.fiveTuple, now: now)
        }
        return drain()
    }

    /// Sends a request and returns the single STUN response the client got.
    mutating func request(_ client: inout TURNTestClient, _ method: STUNMethod,
                          _ attributes: [STUNAttribute] = [], signed: Bool = true) -> STUNMessage? {
        let (_, bytes) = client.makeRequest(method, attributes, signed: signed)
        let responses = Self.clientMessages(deliver(bytes, from: client), for: client.fiveTuple)
        guard responses.count == 1, let response = responses.first else { return nil }
        client.learnChallenge(from: response)
        return response
    }

    /// Challenge (401) then authenticated Allocate; returns the relayed address.
    mutating func allocate(_ client: inout TURNTestClient, extra: [STUNAttribute] = []) -> STUNAddress? {
        if client.nonce == nil {
            _ = request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        }
        let response = request(&client, .allocate, [.requestedTransport(protocolNumber: 17)] + extra)
        return response?.xorRelayedAddress
    }

    /// The STUN messages among `outputs` sent to `fiveTuple` (stream bytes are split first).
    static func clientMessages(_ outputs: [TURNServerOutput], for fiveTuple: TURNFiveTuple) -> [STUNMessage] {
        clientFrames(outputs, for: fiveTuple).compactMap { try? STUNMessage.parse($0) }
    }

    /// The raw messages sent to `fiveTuple`, split into frames on stream transports.
    static func clientFrames(_ outputs: [TURNServerOutput], for fiveTuple: TURNFiveTuple) -> [[UInt8]] {
        outputs.flatMap { output -> [[UInt8]] in
            guard case .toClient(let destination, let bytes) = output, destination == fiveTuple else { return [] }
            guard fiveTuple.transport.isStream else { return [bytes] }
            guard !TURNChannelFramingProbe.isChannelData(bytes),
                  let split = try? TURNStreamFraming.splitFrames(bytes), split.consumed == bytes.count else { return [bytes] }
            return split.frames.map { Array($0) }
        }
    }

    /// Every `.toPeer` output as (relayed, peer, bytes).
    static func peerSends(_ outputs: [TURNServerOutput]) -> [(relayed: STUNAddress, peer: STUNAddress, bytes: [UInt8])] {
        outputs.compactMap { output in
            if case .toPeer(let relayed, let peer, let bytes) = output { return (relayed, peer, bytes) }
            return nil
        }
    }
}

/// A TURN client's view: its 5-tuple, REST credentials, and the realm and nonce it learnt.
struct TURNTestClient {
    var fiveTuple: TURNFiveTuple
    var credentials: TURNCredentials
    var realm: String?
    var nonce: String?
    var generator: SeededGenerator

    init(port: UInt16, transport: TURNTransport = .udp, userID: String = "alice",
         credentials: TURNCredentials? = nil, seed: UInt64 = 1) {
        fiveTuple = TURNFiveTuple(transport: transport, client: .ipv4(198, 51, 100, 7, port: port),
                                  server: TURNTestHarness.serverAddress)
        self.credentials = credentials ?? TURNCredentials.make(secret: TURNTestHarness.secret, userID: userID,
                                                                ttl: .seconds(86_400), now: TURNTestHarness.unixOrigin)
        generator = SeededGenerator(seed: seed &+ UInt64(port))
    }

    /// The long-term key for the learnt realm.
    var key: STUNIntegrityKey {
        .longTerm(username: credentials.username, realm: realm ?? TURNTestHarness.realm, password: credentials.password)
    }

    /// A request, signed with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY when `signed`.
    mutating func makeRequest(_ method: STUNMethod, _ attributes: [STUNAttribute],
                              signed: Bool) -> (STUNTransactionID, [UInt8]) {
        let transactionID = STUNTransactionID.random(using: &generator)
        var all = attributes
        if signed {
            all += [.username(credentials.username), .realm(realm ?? TURNTestHarness.realm), .nonce(nonce ?? "none")]
        }
        let message = STUNMessage(method: method, messageClass: .request, transactionID: transactionID, attributes: all)
        let bytes = (try? message.serialize(integrity: signed ? key : nil)) ?? []
        return (transactionID, bytes)
    }

    /// A Send indication (never signed, RFC 8656 §11.1).
    mutating func sendIndication(to peer: STUNAddress, _ data: [UInt8]) -> [UInt8] {
        let message = STUNMessage(method: .send, messageClass: .indication,
                                  transactionID: .random(using: &generator),
                                  attributes: [.xorPeerAddress(peer), .data(data)])
        return (try? message.serialize()) ?? []
    }

    /// Keeps REALM and NONCE from a 401 or 438 (RFC 8489 §9.2.3).
    mutating func learnChallenge(from response: STUNMessage) {
        if let realm = response.realm { self.realm = realm }
        if let nonce = response.nonce { self.nonce = nonce }
    }
}

/// Stream outputs from the server hold one message each; ChannelData ones pass through whole.
enum TURNChannelFramingProbe {
    static func isChannelData(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first else { return false }
        return (0x40...0x7F).contains(first)
    }
}
