import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire

/// Shared agents, addresses and hand-built checks for the BeepICE tests.
enum ICETestFixtures {
    static let sfuAddress = STUNAddress.ipv4(127, 0, 0, 1, port: 8801)
    static let botAddress = STUNAddress.ipv4(127, 0, 0, 1, port: 50000)
    static let sfuCredentials = ICECredentials(ufrag: "sfuU", password: "sfu-password-0123456789")
    static let botCredentials = ICECredentials(ufrag: "botU", password: "bot-password-0123456789")

    static func liteAgent(seed: UInt64 = 1, credentials: ICECredentials = sfuCredentials) -> ICEAgent {
        let configuration = ICEAgentConfiguration(mode: .lite, localCredentials: credentials,
                                                  addressPolicy: .loopbackOnly)
        let agent = ICEAgent(configuration: configuration, now: .zero, random: SeededGenerator(seed: seed))
        agent.addLocalCandidate(.host(sfuAddress))
        return agent
    }

    static func fullAgent(seed: UInt64 = 2, role: ICERole = .controlling, credentials: ICECredentials = botCredentials,
                          address: STUNAddress = botAddress) -> ICEAgent {
        let configuration = ICEAgentConfiguration(mode: .full, role: role, localCredentials: credentials,
                                                  addressPolicy: .loopbackOnly)
        let agent = ICEAgent(configuration: configuration, now: .zero, random: SeededGenerator(seed: seed))
        agent.addLocalCandidate(.host(address))
        return agent
    }

    /// A bot (full, controlling) and an SFU (lite) that know each other's credentials and the
    /// SFU's host candidate, on a virtual network. Agent 0 is the bot, agent 1 the SFU.
    static func botAndSFU(network: VirtualNetwork, botSeed: UInt64 = 2) -> (bot: ICEAgent, sfu: ICEAgent) {
        let bot = fullAgent(seed: botSeed)
        let sfu = liteAgent()
        bot.setRemoteCredentials(sfuCredentials)
        sfu.setRemoteCredentials(botCredentials)
        bot.addRemoteCandidate(.host(sfuAddress))
        bot.endOfRemoteCandidates()
        network.attach(bot, addresses: [botAddress])
        network.attach(sfu, addresses: [sfuAddress])
        return (bot, sfu)
    }

    /// A Binding request shaped like a browser's check (Chromium and aiortc send USERNAME,
    /// ICE-CONTROLLING, PRIORITY, optionally USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT),
    /// round-tripped through the wire form so the agent sees a parsed message.
    static func browserCheck(username: String = "sfuU:brwU", password: String = sfuCredentials.password,
                             useCandidate: Bool = true, role: STUNAttribute = .iceControlling(tieBreaker: 0x1122_3344_5566_7788),
                             fingerprint: Bool = true, id: UInt64 = 1) -> STUNMessage? {
        var attributes: [STUNAttribute] = [.username(username), role, .priority(1_853_824_767)]
        if useCandidate { attributes.append(.useCandidate) }
        let request = STUNMessage(method: .binding, messageClass: .request,
                                  transactionID: STUNTransactionID(high: 7, low: id), attributes: attributes)
        guard let bytes = try? request.serialize(integrity: .shortTerm(password: password), fingerprint: fingerprint) else {
            return nil
        }
        return try? STUNMessage.parse(bytes)
    }

    static func drainTransmits(_ agent: ICEAgent) -> [ICETransmit] {
        var result: [ICETransmit] = []
        while let transmit = agent.pollTransmit() { result.append(transmit) }
        return result
    }

    static func drainEvents(_ agent: ICEAgent) -> [ICEEvent] {
        var result: [ICEEvent] = []
        while let event = agent.pollEvent() { result.append(event) }
        return result
    }
}
