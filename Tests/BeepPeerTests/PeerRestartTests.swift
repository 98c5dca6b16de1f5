import BeepICE
import BeepPeer
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// ICE restart under an established session (RFC 8445 §9): new credentials, the media
/// session (DTLS association and SRTP keys) survives.
struct PeerRestartTests {
    typealias P = PeerPair
    static let newBot = ICECredentials(ufrag: "bot2", password: "bot-password-new-0123456")
    static let newSFU = ICECredentials(ufrag: "sfu2", password: "sfu-password-new-0123456")

    /// Sends one RTP packet each way and returns what arrived on each side.
    static func exchange(_ pair: PeerPair, sequence: UInt16) throws -> (atSFU: [[UInt8]], atBot: [[UInt8]], sent: ([UInt8], [UInt8])) {
        let start = pair.network.now
        let fromBot = try PeerMedia.rtp(sequence: sequence, ssrc: PeerMedia.botSSRC)
        let fromSFU = try PeerMedia.rtp(sequence: sequence, ssrc: PeerMedia.sfuSSRC)
        #expect(pair.bot.sendRTP(fromBot, now: pair.network.now) && pair.sfu.sendRTP(fromSFU, now: pair.network.now))
        pair.network.advance(by: .milliseconds(30))
        return (pair.network.receivedRTP(by: P.sfu, after: start), pair.network.receivedRTP(by: P.bot, after: start),
                (fromBot, fromSFU))
    }

    /// Both sides restart as an offer/answer with new credentials would make them (the bot:
    /// new local and remote credentials and the SFU's candidate again; the lite SFU: new
    /// local credentials and the bot's new ones). Media keeps flowing during the new checks,
    /// the bot reports connected again with the new pair, and checks carry the new ufrags.
    @Test func restartWhileConnectedKeepsMediaFlowing() throws {
        let network = VirtualPeerNetwork(seed: 31)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        network.run(until: .zero + .seconds(3))
        let restartTime = network.now
        pair.bot.ice.restart(localCredentials: Self.newBot, now: restartTime)
        pair.bot.ice.setRemoteCredentials(Self.newSFU)
        _ = pair.bot.ice.addRemoteCandidate(.host(P.sfuAddress))
        pair.bot.ice.endOfRemoteCandidates()
        pair.sfu.ice.restart(localCredentials: Self.newSFU, now: restartTime)
        pair.sfu.ice.setRemoteCredentials(Self.newBot)

        // Media continues on the previous selected pair while the new checks run.
        let during = try Self.exchange(pair, sequence: 1)
        #expect(during.atSFU == [during.sent.0] && during.atBot == [during.sent.1])

        network.run(until: restartTime + .seconds(5))
        let reconnected = try #require(network.firstTime(P.bot, reported: .iceStateChanged(.connected), after: restartTime))
        #expect(network.firstTime(P.bot, reported: .iceStateChanged(.checking), after: restartTime) != nil)
        #expect(network.firstTime(P.bot, after: restartTime) {
            $0 == .selectedPairChanged(local: P.botAddress, remote: P.sfuAddress)
        }.map { $0 <= reconnected } == true)
        let newChecks = network.sent.filter { $0.node == P.bot && $0.time > restartTime }
            .compactMap { try? STUNMessage.parse($0.transmit.bytes) }.filter { $0.messageClass == .request }
        #expect(!newChecks.isEmpty && newChecks.allSatisfy { $0.username == "sfu2:bot2" })

        let after = try Self.exchange(pair, sequence: 2)
        #expect(after.atSFU == [after.sent.0] && after.atBot == [after.sent.1])
        for session in [P.bot, P.sfu] {
            #expect(!network.events(of: session).contains { if case .failed = $0 { true } else { false } })
            #expect(network.events(of: session).filter { if case .secured = $0 { true } else { false } }.count == 1)
        }
        #expect(pair.bot.ice.connectionState == .connected && pair.sfu.ice.connectionState == .connected)
        // Consent keeps working under the new credentials: still connected well later.
        network.run(until: restartTime + .seconds(40))
        #expect(pair.bot.ice.connectionState == .connected && pair.sfu.ice.connectionState == .connected)
    }

    /// A restart after a partition long enough for the bot to go disconnected (but before
    /// consent expiry) reconnects with the new credentials, and the same SRTP keys carry media.
    @Test func restartAfterDisconnectionRecovers() throws {
        let network = VirtualPeerNetwork(seed: 32)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        network.run(until: .zero + .seconds(5))
        network.partitioned = true
        network.run(until: .zero + .seconds(20))
        #expect(pair.bot.ice.connectionState == .disconnected)
        network.partitioned = false
        let restartTime = network.now
        pair.bot.ice.restart(localCredentials: Self.newBot, now: restartTime)
        pair.bot.ice.setRemoteCredentials(Self.newSFU)
        _ = pair.bot.ice.addRemoteCandidate(.host(P.sfuAddress))
        pair.bot.ice.endOfRemoteCandidates()
        pair.sfu.ice.restart(localCredentials: Self.newSFU, now: restartTime)
        pair.sfu.ice.setRemoteCredentials(Self.newBot)
        network.run(until: restartTime + .seconds(5))
        #expect(pair.bot.ice.connectionState == .connected && pair.sfu.ice.connectionState == .connected)
        let after = try Self.exchange(pair, sequence: 3)
        #expect(after.atSFU == [after.sent.0] && after.atBot == [after.sent.1])
        #expect(!pair.bot.isFinished && !pair.sfu.isFinished)
    }

    /// Only the bot changes its credentials (an offer with a new ufrag/pwd answered with the
    /// SFU's unchanged ones): the lite SFU learns the bot's new credentials with
    /// `setRemoteCredentials`, answers the new checks, and media continues.
    @Test func restartOfTheFullSideOnlyRecovers() throws {
        let network = VirtualPeerNetwork(seed: 33)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        network.run(until: .zero + .seconds(2))
        let restartTime = network.now
        pair.bot.ice.restart(localCredentials: Self.newBot, now: restartTime)
        pair.bot.ice.setRemoteCredentials(P.sfuCredentials)
        _ = pair.bot.ice.addRemoteCandidate(.host(P.sfuAddress))
        pair.bot.ice.endOfRemoteCandidates()
        pair.sfu.ice.setRemoteCredentials(Self.newBot)
        network.run(until: restartTime + .seconds(5))
        #expect(network.firstTime(P.bot, reported: .iceStateChanged(.connected), after: restartTime) != nil)
        let newChecks = network.sent.filter { $0.node == P.bot && $0.time > restartTime }
            .compactMap { try? STUNMessage.parse($0.transmit.bytes) }.filter { $0.messageClass == .request }
        #expect(!newChecks.isEmpty && newChecks.allSatisfy { $0.username == "sfuU:bot2" })
        #expect(pair.sfu.ice.counters.rejectedRequests == 0)
        let after = try Self.exchange(pair, sequence: 4)
        #expect(after.atSFU == [after.sent.0] && after.atBot == [after.sent.1])
        network.run(until: restartTime + .seconds(40))
        #expect(pair.bot.ice.connectionState == .connected && pair.sfu.ice.connectionState == .connected)
    }
}
