import BeepPeer
import BeepRTCP
import BeepWire
import Testing

private typealias P = PeerPair

/// With RTCP configured, sessions send SR/RR + SDES on their own schedule, measure the round
/// trip from each other's report blocks, and answer NACKs from the send history.
@Suite struct PeerRTCPReportTests {
    /// Sends 5 s of 20 ms packets both ways and returns the pair.
    private func pairAfterMedia() throws -> PeerPair {
        let network = VirtualPeerNetwork(seed: 5)
        let pair = try PeerPair(network: network, rtcp: true)
        pair.runUntilSecured()
        #expect(pair.bothSecured)
        for sequence in UInt16(1)...250 {
            #expect(pair.bot.sendRTP(try PeerMedia.rtp(sequence: sequence, ssrc: PeerMedia.botSSRC), now: network.now))
            #expect(pair.sfu.sendRTP(try PeerMedia.rtp(sequence: sequence, ssrc: PeerMedia.sfuSSRC), now: network.now))
            network.advance(by: .milliseconds(20))
        }
        return pair
    }

    @Test func rfc3550Section6_4SenderReportsWithBlocksFlowBothWays() throws {
        let pair = try pairAfterMedia()
        for (receiver, senderSSRC, aboutSSRC) in [(P.sfu, PeerMedia.botSSRC, PeerMedia.sfuSSRC),
                                                  (P.bot, PeerMedia.sfuSSRC, PeerMedia.botSSRC)] {
            let compounds = pair.network.receivedRTCP(by: receiver).compactMap { try? RTCPCompound.parse($0, requireCompound: true) }
            #expect(compounds.count >= 3, "about one report a second for 5 s")
            let reports = compounds.flatMap(\.packets).compactMap { packet -> SenderReport? in
                if case .senderReport(let report) = packet { report } else { nil }
            }
            let last = try #require(reports.last { $0.ssrc == senderSSRC })
            #expect(last.packetCount > 100)
            #expect(last.octetCount == last.packetCount * 40)
            let block = try #require(last.reports.first { $0.ssrc == aboutSSRC })
            #expect(block.cumulativeLost == 0)
            #expect(block.lastSenderReport != 0)
            #expect(compounds.allSatisfy { compound in
                compound.packets.contains { if case .sourceDescription = $0 { true } else { false } }
            })
        }
    }

    @Test func roundTripTimeMatchesTheVirtualNetworkDelay() throws {
        let pair = try pairAfterMedia()
        let expected = pair.network.delay * 2
        for session in [pair.bot, pair.sfu] {
            let rtt = try #require(session.roundTripTime)
            #expect(rtt >= expected - .milliseconds(1) && rtt <= expected + .milliseconds(1), "\(rtt)")
        }
    }

    @Test func rfc4585Section6_2_1NACKsAreAnsweredFromTheSendHistory() throws {
        let pair = try pairAfterMedia()
        let kept = GenericNACK(senderSSRC: 1, mediaSSRC: PeerMedia.sfuSSRC, lost: [249, 250])
        #expect(pair.sfu.retransmit(for: kept, now: pair.network.now) == 2)
        let unknown = GenericNACK(senderSSRC: 1, mediaSSRC: 0xDEAD, lost: [1])
        #expect(pair.sfu.retransmit(for: unknown, now: pair.network.now) == 0)
        let tooOld = GenericNACK(senderSSRC: 1, mediaSSRC: PeerMedia.sfuSSRC, lost: [1])
        #expect(pair.sfu.retransmit(for: tooOld, now: pair.network.now) == 0)
    }
}
