import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Server-reflexive gathering (RFC 8445 §5.1.1.2).
struct ICEGatheringTests {
    typealias F = ICETestFixtures
    static let server = STUNAddress.ipv4(127, 0, 0, 53, port: 3478)
    static let mapped = STUNAddress.ipv4(127, 0, 0, 77, port: 61234)

    @Test func bindingResponseYieldsServerReflexiveCandidate() throws {
        let bot = F.fullAgent()
        bot.gatherServerReflexiveCandidates(server: Self.server, now: .zero)
        let transmit = try #require(F.drainTransmits(bot).first)
        #expect(transmit.source == F.botAddress && transmit.destination == Self.server)
        let request = try STUNMessage.parse(transmit.bytes)
        #expect(request.method == .binding && request.messageClass == .request)
        #expect(request.username == nil && !request.hasIntegrity)
        let response = try STUNMessage.parse(try request.successResponse(attributes: [.xorMappedAddress(Self.mapped)])
            .serialize(fingerprint: true))
        bot.handleSTUN(response, from: Self.server, to: F.botAddress, now: .zero + .milliseconds(20))
        let expected = ICECandidate.serverReflexive(Self.mapped, base: F.botAddress, server: Self.server)
        #expect(F.drainEvents(bot) == [.localCandidateGathered(expected)])
        #expect(expected.priority == 1_694_498_815)
        #expect(bot.localCandidates.last == expected)
        #expect(bot.pollTimeout() == nil)
        // Server-reflexive candidates are not paired: checks go from the base only.
        bot.setRemoteCredentials(F.sfuCredentials)
        bot.addRemoteCandidate(.host(F.sfuAddress))
        bot.handleTimeout(now: .zero + .seconds(1))
        #expect(F.drainTransmits(bot).map(\.source) == [F.botAddress])
    }

    @Test func unansweredGatheringGivesUpQuietly() throws {
        let bot = F.fullAgent()
        bot.gatherServerReflexiveCandidates(server: Self.server, now: .zero)
        var now = MonotonicTime.zero
        var sends = F.drainTransmits(bot).count
        while let deadline = bot.pollTimeout() {
            now = deadline
            bot.handleTimeout(now: now)
            sends += F.drainTransmits(bot).count
        }
        #expect(sends == 1 + ICETiming().checkRetransmissions)
        #expect(now < .zero + .seconds(15))
        #expect(F.drainEvents(bot).isEmpty)
        #expect(bot.localCandidates.count == 1)
    }

    @Test func nothingIsSentToAServerOutsideThePolicyOrByALiteAgent() {
        let bot = F.fullAgent()
        bot.gatherServerReflexiveCandidates(server: .ipv4(198, 51, 100, 1, port: 3478), now: .zero)
        #expect(F.drainTransmits(bot).isEmpty)
        let sfu = F.liteAgent()
        sfu.gatherServerReflexiveCandidates(server: Self.server, now: .zero)
        #expect(F.drainTransmits(sfu).isEmpty)
    }
}
