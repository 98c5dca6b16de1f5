import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Consent freshness in virtual time (RFC 7675 §5.1).
struct ICEConsentTests {
    typealias F = ICETestFixtures
    static let delay = Duration.milliseconds(10)

    /// After connecting, the bot sends consent checks every 5 s × (0.8 … 1.2) (RFC 7675
    /// §5.1), each a new transaction, on the selected pair.
    @Test func consentChecksAreJitteredAroundFiveSeconds() throws {
        let network = VirtualNetwork(seed: 41)
        let (bot, _) = F.botAndSFU(network: network)
        network.run(until: .zero + .seconds(60))
        let connected = try #require(network.firstTime(0, reached: .connected))
        var firstSends: [STUNTransactionID: MonotonicTime] = [:]
        for entry in network.sent where entry.node == 0 && entry.time > connected {
            guard let message = try? STUNMessage.parse(entry.transmit.bytes), message.messageClass == .request else { continue }
            if firstSends[message.transactionID] == nil { firstSends[message.transactionID] = entry.time }
            #expect(entry.transmit.destination == F.sfuAddress)
        }
        let times = firstSends.values.sorted()
        #expect(times.count >= 9)
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later - earlier >= .seconds(4) && later - earlier <= .seconds(6))
        }
        #expect(Set(times.indices.dropFirst().map { times[$0] - times[$0 - 1] }).count > 1)
        #expect(bot.connectionState == .connected)
    }

    /// A network partition after connecting: the bot reports disconnected 5 s after its first
    /// unanswered consent check and failed 30 s after the last response (RFC 7675 §5.1), then
    /// stops sending; the lite SFU reports disconnected 12 s and failed 30 s after the last
    /// check it received.
    @Test func partitionLeadsToDisconnectedThenFailedAtTheRightTimes() throws {
        let network = VirtualNetwork(seed: 42, delay: Self.delay)
        let (bot, sfu) = F.botAndSFU(network: network)
        let partitionTime = MonotonicTime.zero + .seconds(12)
        network.run(until: partitionTime)
        #expect(bot.connectionState == .connected && sfu.connectionState == .connected)
        network.partitioned = true
        network.run(until: .zero + .seconds(80))

        let lastResponseSent = try #require(network.sent.last { $0.node == 1 && !$0.lost }?.time)
        let lastCheckSent = try #require(network.sent.last { $0.node == 0 && !$0.lost }?.time)
        let firstLostCheck = try #require(network.sent.first { $0.node == 0 && $0.lost }?.time)
        #expect(firstLostCheck >= partitionTime)

        #expect(network.firstTime(0, reached: .disconnected) == firstLostCheck + .seconds(5))
        #expect(network.firstTime(0, reached: .failed) == lastResponseSent + Self.delay + .seconds(30))
        #expect(network.firstTime(1, reached: .disconnected) == lastCheckSent + Self.delay + .seconds(12))
        #expect(network.firstTime(1, reached: .failed) == lastCheckSent + Self.delay + .seconds(30))
        #expect(bot.selectedPair == nil && sfu.selectedPair == nil)
        // RFC 7675 §5.1: once consent expired, nothing more is sent.
        let failedAt = try #require(network.firstTime(0, reached: .failed))
        #expect(!network.sent.contains { $0.node == 0 && $0.time > failedAt })
        #expect(bot.pollTimeout() == nil)
    }

    /// A short outage: disconnected, then connected again when consent responses return,
    /// without ever failing.
    @Test func shortOutageRecovers() throws {
        let network = VirtualNetwork(seed: 43)
        let (bot, sfu) = F.botAndSFU(network: network)
        network.run(until: .zero + .seconds(12))
        network.partitioned = true
        network.run(until: .zero + .seconds(24))
        #expect(bot.connectionState == .disconnected)
        network.partitioned = false
        network.run(until: .zero + .seconds(40))
        #expect(bot.connectionState == .connected)
        #expect(sfu.connectionState == .connected)
        #expect(network.firstTime(0, reached: .failed) == nil)
        let disconnected = try #require(network.firstTime(0, reached: .disconnected))
        #expect(network.firstTime(0, reached: .connected, after: disconnected) != nil)
    }
}
