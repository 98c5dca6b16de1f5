import BeepPeer
import BeepRTCP
import BeepRTP
import BeepSRTP
import BeepWire
import Testing

/// An SFU answers NACKs from its own per-producer cache, so its peer sessions keep no send
/// history (`PeerRTCPConfiguration.keepsSendHistory = false`) and protect each packet in place.
@Suite struct PeerSendWithoutHistoryTests {
    @Test func withoutHistoryMediaStillFlowsAndCountsForReportsButNACKsFindNothing() throws {
        let network = VirtualPeerNetwork(seed: 11)
        let pair = try PeerPair(network: network, rtcp: true, sfuKeepsSendHistory: false)
        pair.runUntilSecured()
        #expect(pair.bothSecured)
        for sequence in UInt16(1)...100 {
            #expect(pair.sfu.sendRTP(try PeerMedia.rtp(sequence: sequence, ssrc: PeerMedia.sfuSSRC), now: network.now))
            network.advance(by: .milliseconds(20))
        }
        let received = network.receivedRTP(by: PeerPair.bot)
        #expect(received.count == 100)
        #expect(received.last.flatMap { try? RTPHeaderView(parsing: $0) }?.sequenceNumber == 100)
        let nack = GenericNACK(senderSSRC: 1, mediaSSRC: PeerMedia.sfuSSRC, lost: [99, 100])
        #expect(pair.sfu.retransmit(for: nack, now: network.now) == 0)
        let reports = network.receivedRTCP(by: PeerPair.bot)
            .compactMap { try? RTCPCompound.parse($0, requireCompound: true) }.flatMap(\.packets)
            .compactMap { packet -> SenderReport? in if case .senderReport(let report) = packet { report } else { nil } }
        #expect((reports.last { $0.ssrc == PeerMedia.sfuSSRC }?.packetCount ?? 0) > 50, "sent packets still count for SRs")
    }

    @Test func aPacketWithSpareCapacityIsProtectedWithoutReallocation() throws {
        let network = VirtualPeerNetwork(seed: 12)
        let pair = try PeerPair(network: network, rtcp: true, sfuKeepsSendHistory: false)
        pair.runUntilSecured()
        let plain = try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.sfuSSRC)
        var packet: [UInt8] = []
        packet.reserveCapacity(plain.count + SRTPContext.maximumRTPTrailer)
        packet.append(contentsOf: plain)
        let address = packet.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let sent = pair.sfu.sendRTP(consume packet, now: network.now)  // the only reference, handed over
        #expect(sent)
        let queued = try #require(pair.sfu.pollTransmit())
        #expect(queued.bytes.count > plain.count, "the tag was appended")
        #expect(queued.bytes.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address)
    }
}
