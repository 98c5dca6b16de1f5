import BeepSTUN
import BeepTURN
import BeepTestSupport
import BeepWire
import Testing

/// Malformed STUN, ChannelData and stream bytes never crash the server and never make it
/// send anything to a peer (DESIGN.md rule 4). Inputs are seeded, so failures replay.
@Suite struct TURNMalformedInputTests {
    /// Valid messages of every kind the server parses, as mutation seeds.
    static func seeds(_ client: inout TURNTestClient) -> [[UInt8]] {
        let peer = TURNTestHarness.sfuPeer
        var seeds: [[UInt8]] = []
        seeds.append(client.makeRequest(.allocate, [.requestedTransport(protocolNumber: 17)], signed: true).1)
        seeds.append(client.makeRequest(.channelBind, [.channelNumber(0x4000), .xorPeerAddress(peer)], signed: true).1)
        seeds.append(client.makeRequest(.createPermission, [.xorPeerAddress(peer)], signed: true).1)
        seeds.append(client.makeRequest(.refresh, [.lifetime(seconds: 600)], signed: true).1)
        seeds.append(client.sendIndication(to: peer, [1, 2, 3, 4, 5]))
        seeds.append((try? ChannelData(channelNumber: 0x4000, data: [1, 2, 3]).serialize(padded: true)) ?? [])
        return seeds
    }

    /// Only peers the policy allows ever appear in `.toPeer`.
    static func expectOnlyAllowedPeers(_ outputs: [TURNServerOutput], policy: TURNPeerAddressPolicy) {
        for send in TURNTestHarness.peerSends(outputs) {
            #expect(policy.allows(send.peer), "sent to \(send.peer)")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func truncatedAndBitFlippedMessagesNeverCrash(seed: UInt64) throws {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        _ = harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(TURNTestHarness.sfuPeer)])
        var generator = SeededGenerator(seed: seed)
        var outputs: [TURNServerOutput] = []
        for base in Self.seeds(&client) {
            for length in 0..<base.count {
                outputs += harness.deliver(Array(base.prefix(length)), from: client)
            }
            for _ in 0..<300 {
                var mutated = base
                let flips = Int.random(in: 1...4, using: &generator)
                for _ in 0..<flips where !mutated.isEmpty {
                    let index = Int.random(in: 0..<mutated.count, using: &generator)
                    mutated[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
                }
                outputs += harness.deliver(mutated, from: client)
                harness.server.handlePeerDatagram(mutated, relayed: relayed, from: TURNTestHarness.sfuPeer, now: harness.now)
                outputs += harness.drain()
            }
        }
        Self.expectOnlyAllowedPeers(outputs, policy: harness.server.configuration.peerPolicy)
        #expect(harness.server.statistics.droppedMalformed > 0)
    }

    @Test(arguments: [UInt64(11), 12])
    func randomBytesNeverCrashOnEveryEntryPoint(seed: UInt64) {
        var harness = TURNTestHarness()
        var udp = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&udp) else { Issue.record("allocate failed"); return }
        var generator = SeededGenerator(seed: seed)
        var outputs: [TURNServerOutput] = []
        for round in 0..<2000 {
            let length = Int.random(in: 0...96, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Every other input looks like STUN or ChannelData at first glance.
            if round % 2 == 0, bytes.count >= 8 {
                if round % 4 == 0 {
                    bytes[0] &= 0x01; bytes[4] = 0x21; bytes[5] = 0x12; bytes[6] = 0xA4; bytes[7] = 0x42
                    bytes[2] = 0; bytes[3] = UInt8(truncatingIfNeeded: (bytes.count - 20) & ~3)
                } else {
                    bytes[0] = 0x40 | (bytes[0] & 0x3F)  // channels 0x4000-0x7FFF
                }
            }
            let tcp = TURNFiveTuple(transport: .tcp, client: .ipv4(198, 51, 100, 9, port: UInt16(truncatingIfNeeded: round % 7)),
                                    server: TURNTestHarness.serverAddress)
            outputs += harness.deliver(bytes, from: udp)
            harness.server.handleStreamBytes(bytes, on: tcp, now: harness.now)
            harness.server.handlePeerDatagram(bytes, relayed: relayed, from: .ipv4(10, 0, 0, 1, port: 1), now: harness.now)
            outputs += harness.drain()
        }
        Self.expectOnlyAllowedPeers(outputs, policy: harness.server.configuration.peerPolicy)
        // The server still works afterwards.
        var fresh = TURNTestClient(port: 50001, userID: "bob")
        #expect(harness.allocate(&fresh) != nil)
    }

    @Test func oversizedStreamBufferIsClosed() {
        var configuration = TURNTestHarness.configuration()
        configuration.maxStreamBufferBytes = 1024
        var harness = TURNTestHarness(configuration: configuration)
        let client = TURNTestClient(port: 40000, transport: .tcp)
        // A ChannelData header announcing 65535 bytes, then data that never completes it.
        var outputs = harness.deliver([0x40, 0x00, 0xFF, 0xFF], from: client)
        for _ in 0..<2 { outputs += harness.deliver([UInt8](repeating: 0, count: 600), from: client) }
        #expect(outputs.contains(.closeConnection(client.fiveTuple)))
    }
}
