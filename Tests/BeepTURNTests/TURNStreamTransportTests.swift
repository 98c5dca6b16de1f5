import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// TURN over TCP (RFC 8656 §3.1, §12.5): framing, padding, connection lifetime.
@Suite struct TURNStreamTransportTests {
    @Test func rfc8656Section12_5_fullFlowOverTCPWithOneByteReads() throws {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 40000, transport: .tcp)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate over TCP failed"); return }
        let peer = TURNTestHarness.sfuPeer
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4ABC), .xorPeerAddress(peer)])?.messageClass == .successResponse)

        // Two frames back to back (a padded ChannelData with 5 bytes, then a Send
        // indication), delivered one byte per read.
        let payload: [UInt8] = [1, 2, 3, 4, 5]
        var stream = try ChannelData(channelNumber: 0x4ABC, data: payload).serialize(padded: true)
        stream += client.sendIndication(to: peer, [6, 7])
        var outputs: [TURNServerOutput] = []
        for byte in stream { outputs += harness.deliver([byte], from: client) }
        let sent = TURNTestHarness.peerSends(outputs)
        #expect(sent.map(\.bytes) == [payload, [6, 7]])
        #expect(sent.allSatisfy { $0.relayed == relayed && $0.peer == peer })

        // Peer data comes back as padded ChannelData (RFC 8656 §12.5).
        harness.server.handlePeerDatagram([9, 9, 9], relayed: relayed, from: peer, now: harness.now)
        let back = harness.drain()
        guard case .toClient(let destination, let bytes)? = back.first else { Issue.record("nothing back"); return }
        #expect(destination == client.fiveTuple)
        #expect(bytes.count == 8)
        #expect(try ChannelData.parse(bytes) == ChannelData(channelNumber: 0x4ABC, data: [9, 9, 9]))
    }

    @Test func rfc8656Section3_1_closingTheConnectionEndsTheAllocation() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 40000, transport: .tcp)
        #expect(harness.allocate(&client) != nil)
        harness.server.handleConnectionClosed(client.fiveTuple, now: harness.now)
        let outputs = harness.drain()
        #expect(outputs.contains { if case .allocationEnded(_, .connectionClosed) = $0 { true } else { false } })
        #expect(harness.server.allocations.isEmpty)
    }

    @Test func unframableStreamIsClosed() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 40000, transport: .tcp)
        #expect(harness.allocate(&client) != nil)
        let outputs = harness.deliver([0xFF, 0x00, 0x00, 0x10], from: client)
        #expect(outputs.contains(.closeConnection(client.fiveTuple)))
        #expect(harness.server.allocations.isEmpty)
        #expect(TURNTestHarness.peerSends(outputs).isEmpty)
    }

    @Test func tcpAndUDPFiveTuplesAreSeparateAllocations() {
        var harness = TURNTestHarness()
        var udp = TURNTestClient(port: 40000, transport: .udp)
        var tcp = TURNTestClient(port: 40000, transport: .tcp)
        let first = harness.allocate(&udp)
        let second = harness.allocate(&tcp)
        #expect(first != nil && second != nil && first != second)
        #expect(harness.server.allocations.count == 2)
    }
}
