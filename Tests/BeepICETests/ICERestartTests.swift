import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// ICE restart (RFC 8445 §9).
struct ICERestartTests {
    typealias F = ICETestFixtures
    static let newBot = ICECredentials(ufrag: "bot2", password: "bot-password-new-0123456")
    static let newSFU = ICECredentials(ufrag: "sfu2", password: "sfu-password-new-0123456")

    static func restartBoth(_ bot: ICEAgent, _ sfu: ICEAgent, now: MonotonicTime) {
        bot.restart(localCredentials: newBot, now: now)
        sfu.restart(localCredentials: newSFU, now: now)
        bot.setRemoteCredentials(newSFU)
        sfu.setRemoteCredentials(newBot)
        bot.addRemoteCandidate(.host(F.sfuAddress))
        bot.endOfRemoteCandidates()
    }

    /// After consent expired on both sides, a restart with new credentials connects again;
    /// the new checks use the new ufrags.
    @Test func restartRecoversAfterFailure() throws {
        let network = VirtualNetwork(seed: 51)
        let (bot, sfu) = F.botAndSFU(network: network)
        network.run(until: .zero + .seconds(5))
        network.partitioned = true
        network.run(until: .zero + .seconds(50))
        #expect(bot.connectionState == .failed && sfu.connectionState == .failed)
        network.partitioned = false
        let restartTime = network.now
        Self.restartBoth(bot, sfu, now: restartTime)
        network.run(until: restartTime + .seconds(3))
        #expect(bot.connectionState == .connected && sfu.connectionState == .connected)
        #expect(bot.selectedPair == ICESelectedPair(local: F.botAddress, remote: F.sfuAddress))
        #expect(sfu.selectedPair == ICESelectedPair(local: F.sfuAddress, remote: F.botAddress))
        let newChecks = network.sent.filter { $0.node == 0 && $0.time >= restartTime }
            .compactMap { try? STUNMessage.parse($0.transmit.bytes) }
        #expect(!newChecks.isEmpty && newChecks.allSatisfy { $0.username == "sfu2:bot2" })
    }

    /// A restart while connected keeps the selected pair (media continues) until the new
    /// nomination, which is reported again even though the addresses did not change.
    @Test func restartWhileConnectedKeepsMediaPath() throws {
        let network = VirtualNetwork(seed: 52)
        let (bot, sfu) = F.botAndSFU(network: network)
        network.run(until: .zero + .seconds(3))
        let restartTime = network.now
        Self.restartBoth(bot, sfu, now: restartTime)
        #expect(bot.selectedPair != nil && sfu.selectedPair != nil)
        #expect(bot.connectionState == .checking)
        network.run(until: restartTime + .seconds(3))
        #expect(bot.connectionState == .connected)
        for agent in 0...1 {
            let reselected = network.events(of: agent).contains {
                $0.time >= restartTime && { if case .selectedPairChanged = $0 { true } else { false } }($0.event)
            }
            #expect(reselected)
        }
        #expect(network.firstTime(0, reached: .failed) == nil)
        #expect(network.firstTime(1, reached: .disconnected) == nil)
    }

    /// During a restart the lite agent still accepts the previous ufrag (the peer may not
    /// have applied the new description yet), and drops it once the new one is used.
    @Test func liteAcceptsPreviousCredentialsUntilNewOnesAreUsed() throws {
        let sfu = F.liteAgent()
        let browser = STUNAddress.ipv4(127, 0, 0, 1, port: 61000)
        sfu.handleSTUN(try #require(F.browserCheck(id: 1)), from: browser, to: F.sfuAddress, now: .zero)
        sfu.restart(localCredentials: Self.newSFU, now: .zero + .seconds(1))
        sfu.handleSTUN(try #require(F.browserCheck(id: 2)), from: browser, to: F.sfuAddress, now: .zero + .seconds(2))
        var answers = try F.drainTransmits(sfu).map { try STUNMessage.parse($0.bytes) }
        #expect(answers.map(\.messageClass) == [.successResponse, .successResponse])
        sfu.handleSTUN(try #require(F.browserCheck(username: "sfu2:brwU", password: Self.newSFU.password, id: 3)),
                       from: browser, to: F.sfuAddress, now: .zero + .seconds(3))
        sfu.handleSTUN(try #require(F.browserCheck(id: 4)), from: browser, to: F.sfuAddress, now: .zero + .seconds(4))
        answers = try F.drainTransmits(sfu).map { try STUNMessage.parse($0.bytes) }
        #expect(answers.map(\.messageClass) == [.successResponse, .errorResponse])
        #expect(answers.first?.verifyIntegrity(key: .shortTerm(password: Self.newSFU.password)) == true)
        #expect(sfu.selectedPair?.remote == browser)
    }
}
