import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Bad input never traps and never changes an agent's state (DESIGN.md rule 4).
struct ICEMalformedInputTests {
    typealias F = ICETestFixtures
    static let stranger = STUNAddress.ipv4(127, 0, 0, 9, port: 4444)

    /// Snapshot of what must not change.
    struct Snapshot: Equatable {
        var state: ICEConnectionState
        var selected: ICESelectedPair?
        var role: ICERole
        var remoteCandidates: [ICECandidate]
        init(_ agent: ICEAgent) {
            state = agent.connectionState
            selected = agent.selectedPair
            role = agent.role
            remoteCandidates = agent.remoteCandidates
        }
    }

    /// Every single-byte corruption, every truncation of a valid nominating check, and
    /// seeded random garbage, from a known and an unknown address: the connected SFU and bot
    /// keep their state, emit no event, and never answer with success.
    @Test func corruptedTruncatedAndRandomDatagramsLeaveStateUntouched() throws {
        let network = VirtualNetwork(seed: 61)
        let (bot, sfu) = F.botAndSFU(network: network)
        network.run(until: .zero + .seconds(2))
        try #require(sfu.connectionState == .connected && bot.connectionState == .connected)
        let sfuBefore = Snapshot(sfu)
        let botBefore = Snapshot(bot)
        _ = F.drainEvents(sfu)
        _ = F.drainEvents(bot)

        let check = try #require(F.browserCheck(username: "sfuU:botU", useCandidate: true,
                                                role: .iceControlling(tieBreaker: 1), id: 77))
        let valid = try check.serialize(integrity: .shortTerm(password: F.sfuCredentials.password), fingerprint: true)
        var inputs: [[UInt8]] = []
        for index in valid.indices {
            for mask: UInt8 in [0x01, 0x80] {
                var corrupted = valid
                corrupted[index] ^= mask
                inputs.append(corrupted)
            }
        }
        for length in 0..<valid.count { inputs.append(Array(valid.prefix(length))) }
        var generator = SeededGenerator(seed: 62)
        for _ in 0..<500 {
            let length = Int(generator.next() % 120)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if bytes.count >= 8 {   // make many of them look like STUN so they reach the agent
                bytes[0] &= 0x3F
                bytes[4] = 0x21; bytes[5] = 0x12; bytes[6] = 0xA4; bytes[7] = 0x42
            }
            inputs.append(bytes)
        }
        var delivered = 0
        for bytes in inputs {
            guard let message = try? STUNMessage.parse(bytes) else { continue }
            delivered += 1
            for agent in [sfu, bot] {
                for source in [F.botAddress, F.sfuAddress, Self.stranger] {
                    agent.handleSTUN(message, from: source, to: agent === sfu ? F.sfuAddress : F.botAddress, now: .zero + .seconds(3))
                    for transmit in F.drainTransmits(agent) {
                        #expect((try? STUNMessage.parse(transmit.bytes))?.messageClass != .successResponse)
                    }
                }
            }
        }
        #expect(delivered > 50)
        #expect(Snapshot(sfu) == sfuBefore)
        #expect(Snapshot(bot) == botBefore)
        #expect(F.drainEvents(sfu).isEmpty)
        #expect(F.drainEvents(bot).isEmpty)
    }

    /// Forged responses (unknown transaction, wrong password, wrong class) are ignored and
    /// counted; indications and other methods are ignored.
    @Test func forgedResponsesAndOtherMessagesAreIgnored() throws {
        let bot = F.fullAgent()
        bot.setRemoteCredentials(F.sfuCredentials)
        bot.addRemoteCandidate(.host(F.sfuAddress))
        bot.handleTimeout(now: .zero)
        let check = try STUNMessage.parse(try #require(F.drainTransmits(bot).first).bytes)
        let before = Snapshot(bot)
        let forgedKey = STUNIntegrityKey.shortTerm(password: "guessed-password-0000000")
        let forged = try STUNMessage.parse(try check.successResponse(attributes: [.xorMappedAddress(F.botAddress)])
            .serialize(integrity: forgedKey, fingerprint: true))
        let unknownTransaction = try STUNMessage.parse(try STUNMessage(method: .binding, messageClass: .successResponse,
                                                                       transactionID: STUNTransactionID(high: 9, low: 9))
            .serialize(integrity: .shortTerm(password: F.sfuCredentials.password), fingerprint: true))
        let forgedConflict = try STUNMessage.parse(try check.errorResponse(.roleConflict).serialize(integrity: forgedKey, fingerprint: true))
        let indication = try STUNMessage.parse(try STUNMessage(method: .binding, messageClass: .indication,
                                                               transactionID: STUNTransactionID(high: 1, low: 1)).serialize(fingerprint: true))
        let allocate = try STUNMessage.parse(try STUNMessage(method: .allocate, messageClass: .request,
                                                             transactionID: STUNTransactionID(high: 1, low: 2)).serialize(fingerprint: true))
        for message in [forged, unknownTransaction, forgedConflict, indication, allocate] {
            bot.handleSTUN(message, from: F.sfuAddress, to: F.botAddress, now: .zero + .milliseconds(10))
        }
        #expect(Snapshot(bot) == before)
        #expect(bot.counters.ignoredResponses == 3)
        #expect(bot.counters.droppedMalformed == 1)
        #expect(F.drainTransmits(bot).isEmpty)
        // The real check is still outstanding: a correct response completes it.
        let genuine = try STUNMessage.parse(try check.successResponse(attributes: [.xorMappedAddress(F.botAddress)])
            .serialize(integrity: .shortTerm(password: F.sfuCredentials.password), fingerprint: true))
        bot.handleSTUN(genuine, from: F.sfuAddress, to: F.botAddress, now: .zero + .milliseconds(20))
        bot.handleTimeout(now: .zero + .milliseconds(100))
        let nomination = try #require(F.drainTransmits(bot).compactMap { try? STUNMessage.parse($0.bytes) }.first)
        #expect(nomination.useCandidate)
    }

    /// A closed agent ignores everything and schedules nothing.
    @Test func closedAgentIgnoresInput() throws {
        let sfu = F.liteAgent()
        sfu.close()
        #expect(F.drainEvents(sfu) == [.connectionStateChanged(.closed)])
        sfu.handleSTUN(try #require(F.browserCheck()), from: F.botAddress, to: F.sfuAddress, now: .zero)
        sfu.handleTimeout(now: .zero + .seconds(100))
        #expect(F.drainTransmits(sfu).isEmpty)
        #expect(sfu.pollTimeout() == nil)
        #expect(sfu.connectionState == .closed)
    }
}
