import BeepICE
import BeepPeer
import BeepSTUN
import BeepWire
import Testing

/// A relay-only peer session (the bot with `--relay-only`): ICE, DTLS and SRTP through a TURN
/// relay (RFC 8445 §5.1.1.2, RFC 8656 §11-§12), against an ICE-lite SFU session.
struct PeerRelayTests {
    @Test func relayOnlySessionSecuresAndExchangesMediaThroughTheRelay() throws {
        let network = try PeerRelayNetwork()
        network.run(until: network.now + .seconds(20)) {
            network.bot.srtpProfile != nil && network.sfu.srtpProfile != nil
        }
        let relay = try #require(network.botRelayCandidate)
        #expect(network.bot.srtpProfile != nil && network.sfu.srtpProfile != nil)
        // The selected pair is the relayed candidate with the SFU's host candidate.
        #expect(network.bot.ice.selectedPair?.local == relay.address)
        #expect(network.bot.ice.selectedPair?.remote == PeerPair.sfuAddress)
        // The SFU saw the bot only at its relayed address.
        #expect(network.sfu.ice.selectedPair?.remote == relay.address)

        for sequence in UInt16(1)...UInt16(20) {
            #expect(network.bot.sendRTP(try PeerMedia.rtp(sequence: sequence, ssrc: PeerMedia.botSSRC), now: network.now))
            #expect(network.sfu.sendRTP(try PeerMedia.rtp(sequence: sequence, ssrc: PeerMedia.sfuSSRC), now: network.now))
        }
        network.advance(.milliseconds(200))
        let sfuGot = network.sfuEvents.filter { if case .rtp = $0 { true } else { false } }
        let botGot = network.botEvents.filter { if case .rtp = $0 { true } else { false } }
        #expect(sfuGot.count == 20)
        #expect(botGot.count == 20)
        // Nothing left the bot except toward the TURN server (the transport policy is relay).
        #expect(!network.botDestinations.isEmpty)
        #expect(network.botDestinations.allSatisfy { $0 == PeerRelayNetwork.serverAddress })
    }

    @Test func closeReleasesTheAllocationThroughTheServer() throws {
        let network = try PeerRelayNetwork()
        network.run(until: network.now + .seconds(20)) { network.bot.srtpProfile != nil }
        let before = network.botDestinations.count
        network.bot.close()
        network.advance(.milliseconds(50))
        // close_notify (relayed) and the Refresh with LIFETIME 0 (RFC 8656 §8) both go to the server.
        #expect(network.botDestinations.count >= before + 2)
        #expect(network.botDestinations.allSatisfy { $0 == PeerRelayNetwork.serverAddress })
        #expect(network.server.statistics.allocations == 0)
    }
}
