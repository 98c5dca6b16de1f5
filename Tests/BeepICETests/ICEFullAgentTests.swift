import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// A full controlling agent (the bot) connecting to a lite agent (the SFU) on a virtual
/// network, in virtual time (RFC 8445 §6-§8).
struct ICEFullAgentTests {
    typealias F = ICETestFixtures

    /// RFC 8445 §7.2.5.3.2, §8.1.1: the bot's check succeeds, it nominates with USE-CANDIDATE
    /// (regular nomination), and both agents report the same pair, mirrored.
    @Test func fullControllingConnectsToLite() {
        let network = VirtualNetwork(seed: 7)
        let (bot, sfu) = F.botAndSFU(network: network)
        network.run(until: .zero + .seconds(2))
        #expect(bot.selectedPair == ICESelectedPair(local: F.botAddress, remote: F.sfuAddress))
        #expect(sfu.selectedPair == ICESelectedPair(local: F.sfuAddress, remote: F.botAddress))
        #expect(bot.connectionState == .connected)
        #expect(sfu.connectionState == .connected)
        #expect(network.events(of: 0).map(\.event).contains(.selectedPairChanged(local: F.botAddress, remote: F.sfuAddress)))
        #expect(network.events(of: 1).map(\.event).contains(.selectedPairChanged(local: F.sfuAddress, remote: F.botAddress)))
        // The first check has no USE-CANDIDATE; the nominating check that follows has it.
        let checks = network.sent.filter { $0.node == 0 }.compactMap { try? STUNMessage.parse($0.transmit.bytes) }
        #expect(checks.first?.useCandidate == false)
        #expect(checks.contains { $0.useCandidate })
        #expect(checks.allSatisfy { $0.iceControlling == bot.tieBreaker && $0.username == "sfuU:botU" })
        // The SFU (lite) sent only responses.
        let sfuMessages = network.sent.filter { $0.node == 1 }.compactMap { try? STUNMessage.parse($0.transmit.bytes) }
        #expect(!sfuMessages.isEmpty && sfuMessages.allSatisfy { $0.messageClass == .successResponse })
    }

    /// With 20 % random loss in both directions the retransmissions (RFC 8489 §6.2.1) still
    /// get the agents connected, for several loss patterns.
    @Test(arguments: Array(UInt64(11)...UInt64(30)))
    func connectsWithTwentyPercentLoss(seed: UInt64) {
        let network = VirtualNetwork(seed: seed, lossRate: 0.2)
        let (bot, sfu) = F.botAndSFU(network: network, botSeed: seed)
        network.run(until: .zero + .seconds(10))
        #expect(bot.connectionState == .connected)
        #expect(sfu.connectionState == .connected)
        #expect(bot.selectedPair?.remote == F.sfuAddress)
        #expect(sfu.selectedPair?.remote == F.botAddress)
    }

    /// The same seed gives the same run, datagram for datagram.
    @Test func runsAreDeterministic() {
        func transcript() -> [[UInt8]] {
            let network = VirtualNetwork(seed: 99, lossRate: 0.2)
            _ = F.botAndSFU(network: network, botSeed: 5)
            network.run(until: .zero + .seconds(15))
            return network.sent.map(\.transmit.bytes)
        }
        let first = transcript()
        #expect(!first.isEmpty)
        let network = VirtualNetwork(seed: 99, lossRate: 0.2)
        _ = F.botAndSFU(network: network, botSeed: 5)
        network.run(until: .zero + .seconds(15))
        #expect(network.sent.contains { $0.lost })
        #expect(first == transcript())
    }

    /// A wrong remote password: every check is answered 401 (RFC 8489 §9.1.3), every pair
    /// fails, and after end-of-candidates the bot reports failed; nothing is selected.
    @Test func wrongPasswordNeverConnects() {
        let network = VirtualNetwork(seed: 3)
        let bot = F.fullAgent()
        let sfu = F.liteAgent()
        bot.setRemoteCredentials(ICECredentials(ufrag: "sfuU", password: "not-the-sfu-password-000"))
        bot.addRemoteCandidate(.host(F.sfuAddress))
        bot.endOfRemoteCandidates()
        network.attach(bot, addresses: [F.botAddress])
        network.attach(sfu, addresses: [F.sfuAddress])
        network.run(until: .zero + .seconds(40))
        #expect(bot.connectionState == .failed)
        #expect(bot.selectedPair == nil)
        #expect(sfu.selectedPair == nil)
        #expect(sfu.connectionState == .new)
        #expect(sfu.counters.rejectedRequests >= 1)
    }

    /// A candidate outside the policy is never paired or sent to; a `.local` mDNS candidate is
    /// ignored cleanly, and the loopback one still connects.
    @Test func policyAndMDNSCandidatesAreIgnored() {
        let network = VirtualNetwork(seed: 4)
        let bot = F.fullAgent()
        let sfu = F.liteAgent()
        bot.setRemoteCredentials(F.sfuCredentials)
        sfu.setRemoteCredentials(F.botCredentials)
        let outside = STUNAddress.ipv4(192, 168, 1, 20, port: 8801)
        #expect(!bot.addRemoteCandidate(.host(outside)))
        #expect(!bot.addUnresolvedRemoteCandidate(hostname: "2f1c3d4e-1111-2222-3333-444455556666.local"))
        #expect(bot.addRemoteCandidate(.host(F.sfuAddress)))
        #expect(!bot.addRemoteCandidate(.host(F.sfuAddress)))
        bot.endOfRemoteCandidates()
        network.attach(bot, addresses: [F.botAddress])
        network.attach(sfu, addresses: [F.sfuAddress])
        network.run(until: .zero + .seconds(2))
        #expect(bot.counters.ignoredCandidates == 3)
        #expect(bot.remoteCandidates.map(\.address) == [F.sfuAddress])
        #expect(!network.sent.contains { $0.transmit.destination == outside })
        #expect(bot.connectionState == .connected)
        let reasons = network.events(of: 0).compactMap { entry -> String? in
            if case .remoteCandidateIgnored(let reason) = entry.event { reason } else { nil }
        }
        #expect(reasons.count == 3)
        #expect(reasons.contains { $0.contains("mDNS") })
    }

    /// End-of-candidates with no usable candidate at all: failed, not stuck in checking.
    @Test func noUsableCandidateFailsAfterEndOfCandidates() {
        let bot = F.fullAgent()
        bot.setRemoteCredentials(F.sfuCredentials)
        bot.addRemoteCandidate(.host(.ipv4(10, 0, 0, 1, port: 9)))
        bot.endOfRemoteCandidates()
        #expect(bot.connectionState == .failed)
        #expect(bot.pollTimeout() == nil)
    }

    /// RFC 8445 §7.3.1.1 and §7.2.5.1: two full agents that both start controlling resolve
    /// the conflict by tie-breaker (the larger one stays controlling), then connect.
    @Test(arguments: [UInt64(21), 22, 23, 24])
    func roleConflictBetweenTwoControllingAgents(seed: UInt64) {
        let network = VirtualNetwork(seed: seed)
        let addressA = STUNAddress.ipv4(127, 0, 0, 1, port: 40000)
        let addressB = STUNAddress.ipv4(127, 0, 0, 2, port: 40001)
        let credentialsA = ICECredentials(ufrag: "aaaa", password: "password-a-0123456789012")
        let credentialsB = ICECredentials(ufrag: "bbbb", password: "password-b-0123456789012")
        let a = F.fullAgent(seed: seed, role: .controlling, credentials: credentialsA, address: addressA)
        let b = F.fullAgent(seed: seed &+ 1000, role: .controlling, credentials: credentialsB, address: addressB)
        a.setRemoteCredentials(credentialsB)
        b.setRemoteCredentials(credentialsA)
        a.addRemoteCandidate(.host(addressB))
        b.addRemoteCandidate(.host(addressA))
        network.attach(a, addresses: [addressA])
        network.attach(b, addresses: [addressB])
        network.run(until: .zero + .seconds(5))
        let winner = a.tieBreaker >= b.tieBreaker ? a : b
        let loser = winner === a ? b : a
        #expect(winner.role == .controlling)
        #expect(loser.role == .controlled)
        #expect(a.counters.roleConflicts + b.counters.roleConflicts >= 1)
        #expect(a.connectionState == .connected)
        #expect(b.connectionState == .connected)
        #expect(a.selectedPair == ICESelectedPair(local: addressA, remote: addressB))
        #expect(b.selectedPair == ICESelectedPair(local: addressB, remote: addressA))
    }

    /// A full controlled agent answering a full controlling one follows its nomination
    /// (RFC 8445 §7.3.1.5), and the controlled side also checks the pair (triggered checks).
    @Test func fullControlledFollowsNomination() {
        let network = VirtualNetwork(seed: 31, lossRate: 0.1)
        let addressB = STUNAddress.ipv4(127, 0, 0, 1, port: 40001)
        let credentialsB = ICECredentials(ufrag: "bbbb", password: "password-b-0123456789012")
        let a = F.fullAgent(seed: 1, role: .controlling)
        let b = F.fullAgent(seed: 2, role: .controlled, credentials: credentialsB, address: addressB)
        a.setRemoteCredentials(credentialsB)
        b.setRemoteCredentials(F.botCredentials)
        a.addRemoteCandidate(.host(addressB))
        b.addRemoteCandidate(.host(F.botAddress))
        network.attach(a, addresses: [F.botAddress])
        network.attach(b, addresses: [addressB])
        network.run(until: .zero + .seconds(10))
        #expect(a.role == .controlling && b.role == .controlled)
        #expect(a.selectedPair == ICESelectedPair(local: F.botAddress, remote: addressB))
        #expect(b.selectedPair == ICESelectedPair(local: addressB, remote: F.botAddress))
        let bChecks = network.sent.filter { $0.node == 1 }.compactMap { try? STUNMessage.parse($0.transmit.bytes) }
            .filter { $0.messageClass == .request }
        #expect(!bChecks.isEmpty && bChecks.allSatisfy { $0.iceControlled != nil && !$0.useCandidate })
    }
}
