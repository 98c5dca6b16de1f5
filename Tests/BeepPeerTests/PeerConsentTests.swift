import BeepICE
import BeepPeer
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Consent freshness through a whole session (RFC 7675 §5.1 with BeepICE's default
/// ``ICETiming``: disconnected 5 s after the first unanswered consent check, failed 30 s
/// after the last response; the lite SFU: disconnected after 12 s and failed after 30 s
/// without a check).
struct PeerConsentTests {
    typealias P = PeerPair
    static let delay = Duration.milliseconds(10)

    static func stunClass(_ bytes: [UInt8]) -> STUNClass? {
        (try? STUNMessage.parse(bytes))?.messageClass
    }

    /// A partition after connecting and exchanging media: the bot reports ICE disconnected,
    /// then failed and a `.failed` event at the virtual times the timers define; the SFU
    /// fails too; both stop sending and refuse media afterwards.
    @Test func partitionDisconnectsThenFailsAtTheExpectedTimes() throws {
        let network = VirtualPeerNetwork(seed: 21, delay: Self.delay)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        #expect(pair.bothSecured)
        #expect(pair.bot.sendRTP(try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.botSSRC), now: pair.network.now))
        network.run(until: .zero + .seconds(12))
        #expect(network.receivedRTP(by: P.sfu).count == 1)
        let partitionTime = network.now
        network.partitioned = true
        network.run(until: partitionTime + .seconds(60))

        let defaults = ICETiming()
        let lastResponse = try #require(network.sent.last {
            $0.node == P.sfu && !$0.lost && Self.stunClass($0.transmit.bytes) == .successResponse
        }?.time)
        let lastCheck = try #require(network.sent.last {
            $0.node == P.bot && !$0.lost && Self.stunClass($0.transmit.bytes) == .request
        }?.time)
        let firstLostCheck = try #require(network.sent.first {
            $0.node == P.bot && $0.lost && Self.stunClass($0.transmit.bytes) == .request
        }?.time)
        #expect(firstLostCheck >= partitionTime)
        #expect(firstLostCheck <= partitionTime + defaults.consentInterval * 1.2)

        let botDisconnected = network.firstTime(P.bot, reported: .iceStateChanged(.disconnected))
        let botFailed = network.firstTime(P.bot, reported: .iceStateChanged(.failed))
        let botFailedEvent = network.firstTime(P.bot) { if case .failed = $0 { true } else { false } }
        #expect(botDisconnected == firstLostCheck + defaults.disconnectedTimeout)
        #expect(botFailed == lastResponse + Self.delay + defaults.consentExpiry)
        #expect(botFailedEvent == botFailed)

        let sfuDisconnected = network.firstTime(P.sfu, reported: .iceStateChanged(.disconnected))
        let sfuFailed = network.firstTime(P.sfu, reported: .iceStateChanged(.failed))
        #expect(sfuDisconnected == lastCheck + Self.delay + defaults.liteSilenceTimeout)
        #expect(sfuFailed == lastCheck + Self.delay + defaults.consentExpiry)
        #expect(network.firstTime(P.sfu) { if case .failed = $0 { true } else { false } } == sfuFailed)

        for session in [pair.bot, pair.sfu] {
            #expect(session.isFinished)
            #expect(session.pollTimeout() == nil)
            #expect(!session.sendRTP(try PeerMedia.rtp(sequence: 2, ssrc: PeerMedia.botSSRC), now: pair.network.now))
        }
        let failedAt = try #require(botFailed)
        #expect(!network.sent.contains { $0.node == P.bot && $0.time > failedAt })
        #expect(network.firstTime(P.bot, reported: .iceStateChanged(.connected)).map { $0 < partitionTime } == true)
    }

    /// A partition shorter than consent expiry: disconnected, then connected again, media
    /// resumes with the same keys (no `.failed`, no second `.secured`).
    @Test func shortPartitionRecoversWithMedia() throws {
        let network = VirtualPeerNetwork(seed: 22, delay: Self.delay)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        network.run(until: .zero + .seconds(10))
        network.partitioned = true
        network.run(until: .zero + .seconds(22))
        #expect(pair.bot.ice.connectionState == .disconnected)
        network.partitioned = false
        network.run(until: .zero + .seconds(35))
        #expect(pair.bot.ice.connectionState == .connected)
        let resumed = network.now
        let packet = try PeerMedia.rtp(sequence: 9, ssrc: PeerMedia.botSSRC)
        #expect(pair.bot.sendRTP(packet, now: pair.network.now))
        network.advance(by: .milliseconds(50))
        #expect(network.receivedRTP(by: P.sfu, after: resumed) == [packet])
        for session in [P.bot, P.sfu] {
            #expect(!network.events(of: session).contains { if case .failed = $0 { true } else { false } })
            #expect(network.events(of: session).filter { if case .secured = $0 { true } else { false } }.count == 1)
        }
    }
}
