import BeepICE
import BeepSTUN
import BeepTURN
import BeepTestSupport
import BeepWire
import Testing

/// Relayed candidates: a relay-only full agent reaches a host-only peer through Beep's TURN
/// server in virtual time (RFC 8445 §5.1.1.2, §7; RFC 8656 §9-§12).
struct ICERelayTests {
    static let aBase = STUNAddress.ipv4(10, 9, 8, 7, port: 40_000)
    static let bAddress = STUNAddress.ipv4(127, 0, 0, 1, port: 9_000)
    static let aCredentials = ICECredentials(ufrag: "relA", password: "relay-agent-a-password-0123")
    static let bCredentials = ICECredentials(ufrag: "hstB", password: "host-agent-b-password-01234")

    /// Agent A (controlling, relay only, TURN configured) and agent B (controlled, host only)
    /// on a relay network; A has gathered its relayed candidate and both know each other's
    /// credentials and candidates.
    static func connectedPair(transport: TURNTransport) -> ICERelayNetwork {
        var configurationA = ICEAgentConfiguration(mode: .full, role: .controlling, localCredentials: aCredentials)
        configurationA.turnServers = [ICETURNServer(address: ICERelayNetwork.serverAddress, transport: transport,
                                                    credentials: ICERelayNetwork.credentials())]
        configurationA.transportPolicy = .relay
        let a = ICEAgent(configuration: configurationA, now: .zero, random: SeededGenerator(seed: 21))
        a.addLocalCandidate(.host(aBase))
        let configurationB = ICEAgentConfiguration(mode: .full, role: .controlled, localCredentials: bCredentials)
        let b = ICEAgent(configuration: configurationB, now: .zero, random: SeededGenerator(seed: 22))
        b.addLocalCandidate(.host(bAddress))
        let network = ICERelayNetwork(a: a, aBase: aBase, b: b, bAddress: bAddress, allowPeers: ["127.0.0.0/8"])
        a.setRemoteCredentials(bCredentials)
        b.setRemoteCredentials(aCredentials)
        a.gatherRelayCandidates(now: network.now)
        network.advance(.milliseconds(200))
        if let relay = network.aRelayCandidate { b.addRemoteCandidate(relay) }
        b.endOfRemoteCandidates()
        // A's host candidate is signalled too: relay policy must keep A from using it.
        a.addRemoteCandidate(.host(bAddress))
        a.endOfRemoteCandidates()
        return network
    }

    @Test(arguments: [TURNTransport.udp, .tcp])
    func relayOnlyAgentConnectsThroughTURNAndExchangesData(transport: TURNTransport) throws {
        let network = Self.connectedPair(transport: transport)
        let relay = try #require(network.aRelayCandidate)
        network.advance(.seconds(3))
        #expect(network.a.connectionState == .connected)
        #expect(network.b.connectionState == .connected)
        #expect(network.a.selectedPair == ICESelectedPair(local: relay.address, remote: Self.bAddress))
        #expect(network.b.selectedPair == ICESelectedPair(local: Self.bAddress, remote: relay.address))
        // 100 RTP-shaped packets each way through the relay, all delivered in order.
        let fromA = (0..<100).map { index in [0x80, 0x6F, 0, UInt8(index)] + [UInt8](repeating: UInt8(index), count: 160) }
        let fromB = (0..<100).map { index in [0x80, 0x60, 1, UInt8(index)] + [UInt8](repeating: 0xEE, count: 120) }
        for (packetA, packetB) in zip(fromA, fromB) {
            #expect(network.a.sendData(packetA, now: network.now))
            #expect(network.b.sendData(packetB, now: network.now))
            network.advance(.milliseconds(20))
        }
        network.advance(.milliseconds(100))
        #expect(network.bReceivedData.map(\.bytes) == fromA)
        #expect(network.bReceivedData.allSatisfy { $0.from == relay.address })
        var atA: [ICERelayedDatagram] = []
        while let datagram = network.a.pollRelayedData() { atA.append(datagram) }
        #expect(atA.map(\.bytes) == fromB)
        #expect(atA.allSatisfy { $0.local == relay.address && $0.remote == Self.bAddress })
        // The selected pair got a channel (RFC 8656 §12): media went as ChannelData.
        let status = try #require(network.a.relayStatus.first)
        #expect(status.state == .allocated)
        #expect(status.statistics.channelDataSent >= 100)
        #expect(status.statistics.channelDataReceived >= 100)
    }

    @Test func relayCandidateHasTypePreferenceZeroAndTheMappedAddressAsRelated() throws {
        let network = Self.connectedPair(transport: .udp)
        let relay = try #require(network.aRelayCandidate)
        #expect(relay.kind == .relay)
        // RFC 8445 §5.1.2.1: 2^24 × 0 + 2^8 × 65535 + (256 − 1).
        #expect(relay.priority == (65535 << 8) + 255)
        #expect(relay.relatedAddress == Self.aBase)  // no NAT: the server saw the base
        #expect(relay.address.addressBytes == ICERelayNetwork.relayIP.addressBytes)
        #expect(network.a.localCandidates.contains(relay))
    }

    @Test func permissionIsCreatedBeforeTheFirstRelayedCheck() throws {
        let network = Self.connectedPair(transport: .udp)
        network.advance(.seconds(3))
        let messages = network.aToServer.compactMap { try? STUNMessage.parse($0) }
        let firstPermission = try #require(messages.firstIndex { $0.method == .createPermission })
        let firstSend = try #require(messages.firstIndex { $0.method == .send && $0.messageClass == .indication })
        #expect(firstPermission < firstSend)
        #expect(messages[firstPermission].xorPeerAddresses == [Self.bAddress])
        // A sent nothing directly to B: relay policy.
        #expect(network.a.selectedPair?.local != Self.aBase)
    }

    @Test func closeReleasesTheAllocation() throws {
        let network = Self.connectedPair(transport: .udp)
        network.advance(.seconds(3))
        #expect(network.server.allocations.count == 1)
        network.a.close()
        network.advance(.seconds(1))
        // RFC 8656 §8: Refresh with LIFETIME 0 deletes the allocation on the server.
        let last = try #require(network.aToServer.last.flatMap { try? STUNMessage.parse($0) })
        #expect(last.method == .refresh && last.lifetime == 0)
        #expect(network.server.allocations.isEmpty)
    }

    @Test func agentWithoutTURNServersGathersNoRelayAndSendsNothingToAServer() {
        let configuration = ICEAgentConfiguration(mode: .full, localCredentials: Self.aCredentials)
        let agent = ICEAgent(configuration: configuration, now: .zero, random: SeededGenerator(seed: 41))
        agent.addLocalCandidate(.host(Self.aBase))
        agent.gatherRelayCandidates(now: .zero)
        #expect(agent.pollTransmit() == nil)
        #expect(agent.relayStatus.isEmpty)
        #expect(!agent.sendData([1, 2, 3], now: .zero))  // no selected pair yet
        #expect(!agent.handleTURNServerData([0, 1], from: ICERelayNetwork.serverAddress, now: .zero))
    }

    @Test func forbiddenPeerLeavesTheRelayPairFailed() throws {
        var configurationA = ICEAgentConfiguration(mode: .full, role: .controlling, localCredentials: Self.aCredentials)
        configurationA.turnServers = [ICETURNServer(address: ICERelayNetwork.serverAddress,
                                                    credentials: ICERelayNetwork.credentials())]
        configurationA.transportPolicy = .relay
        let a = ICEAgent(configuration: configurationA, now: .zero, random: SeededGenerator(seed: 31))
        a.addLocalCandidate(.host(Self.aBase))
        let b = ICEAgent(configuration: ICEAgentConfiguration(mode: .full, role: .controlled, localCredentials: Self.bCredentials),
                         now: .zero, random: SeededGenerator(seed: 32))
        b.addLocalCandidate(.host(Self.bAddress))
        // The server allows no peers at all: CreatePermission gets 403.
        let network = ICERelayNetwork(a: a, aBase: Self.aBase, b: b, bAddress: Self.bAddress, allowPeers: [])
        a.setRemoteCredentials(Self.bCredentials)
        a.gatherRelayCandidates(now: network.now)
        network.advance(.milliseconds(200))
        a.addRemoteCandidate(.host(Self.bAddress))
        a.endOfRemoteCandidates()
        network.advance(.seconds(1))
        // The 403 fails the pair at once (no retransmissions into a refused permission).
        #expect(a.connectionState == .failed)
        #expect(a.selectedPair == nil)
        #expect(network.server.statistics.packetsToPeers == 0)
        let permissionRequests = network.aToServer.compactMap { try? STUNMessage.parse($0) }
            .filter { $0.method == .createPermission }
        #expect(permissionRequests.count == 1)
        #expect(a.relayStatus.first?.state == .allocated)
    }
}
