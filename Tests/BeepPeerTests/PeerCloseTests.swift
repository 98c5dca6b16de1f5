import BeepPeer
import BeepTestSupport
import BeepWire
import Testing

/// Closing a session (RFC 5246 §7.2.1 close_notify over DTLS).
struct PeerCloseTests {
    typealias P = PeerPair

    /// The bot closes: its close_notify reaches the SFU, which reports `.closed` and is
    /// finished; neither side sends media afterwards.
    @Test func closeNotifyEndsThePeerSession() throws {
        let network = VirtualPeerNetwork(seed: 61)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        network.advance(by: .milliseconds(100))
        pair.bot.close()
        let closedAt = network.now
        network.advance(by: .milliseconds(100))
        #expect(pair.bot.isFinished && pair.bot.pollTimeout() == nil)
        #expect(network.events(of: P.sfu).last == .closed)
        #expect(pair.sfu.isFinished)
        #expect(network.sent.contains { $0.node == P.bot && $0.time >= closedAt && PacketClass.of($0.transmit.bytes) == .dtls })
        #expect(!pair.bot.sendRTP(try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.botSSRC), now: pair.network.now))
        #expect(!pair.sfu.sendRTP(try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.sfuSSRC), now: pair.network.now))
        // Nothing more is sent once both are finished.
        let quietFrom = network.now
        network.advance(by: .seconds(40))
        #expect(!network.sent.contains { $0.time > quietFrom })
    }
}
