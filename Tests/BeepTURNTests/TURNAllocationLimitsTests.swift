import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// Allocate error cases (RFC 8656 §7.2), quotas (486) and the bandwidth cap.
@Suite struct TURNAllocationLimitsTests {
    @Test func rfc8656Section7_2_tcpRequestedTransportGets442() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let response = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 6)])
        #expect(response?.errorCode?.code == 442)
        #expect(response?.verifyIntegrity(key: client.key) == true)
        #expect(harness.request(&client, .allocate, [])?.errorCode?.code == 400)
        #expect(harness.server.allocations.isEmpty)
    }

    @Test func rfc8656Section7_2_secondAllocateOnTheSameFiveTupleGets437() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        #expect(harness.allocate(&client) != nil)
        #expect(harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)])?.errorCode?.code == 437)
    }

    @Test func rfc8656Section7_3_requestsWithoutAnAllocationGet437() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let peer = TURNTestHarness.sfuPeer
        #expect(harness.request(&client, .refresh, [])?.errorCode?.code == 437)
        #expect(harness.request(&client, .createPermission, [.xorPeerAddress(peer)])?.errorCode?.code == 437)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(peer)])?.errorCode?.code == 437)
    }

    @Test func rfc8656Section7_2_perUserQuotaGets486() {
        var configuration = TURNTestHarness.configuration()
        configuration.maxAllocationsPerUser = 2
        var harness = TURNTestHarness(configuration: configuration)
        var first = TURNTestClient(port: 50000)
        var second = TURNTestClient(port: 50001)
        var third = TURNTestClient(port: 50002)
        var otherUser = TURNTestClient(port: 50003, userID: "bob")
        #expect(harness.allocate(&first) != nil)
        #expect(harness.allocate(&second) != nil)
        #expect(harness.allocate(&third) == nil)
        #expect(harness.request(&third, .allocate, [.requestedTransport(protocolNumber: 17)])?.errorCode?.code == 486)
        #expect(harness.allocate(&otherUser) != nil)
        // Freeing one makes room again.
        _ = harness.request(&first, .refresh, [.lifetime(seconds: 0)])
        #expect(harness.request(&third, .allocate, [.requestedTransport(protocolNumber: 17)])?.messageClass == .successResponse)
    }

    @Test func rfc8656Section7_2_globalQuotaGets486() {
        var configuration = TURNTestHarness.configuration()
        configuration.maxAllocations = 1
        var harness = TURNTestHarness(configuration: configuration)
        var alice = TURNTestClient(port: 50000)
        var bob = TURNTestClient(port: 50001, userID: "bob")
        #expect(harness.allocate(&alice) != nil)
        #expect(harness.allocate(&bob) == nil)
        #expect(harness.request(&bob, .allocate, [.requestedTransport(protocolNumber: 17)])?.errorCode?.code == 486)
    }

    @Test func rfc8656Section7_2_exhaustedRelayPortsGet508() {
        var harness = TURNTestHarness()
        harness.server = TURNServer(configuration: TURNTestHarness.configuration(),
                                    allocator: TURNPortPoolAllocator(ipv4: TURNTestHarness.relayIP, ports: 49152...49152))
        var alice = TURNTestClient(port: 50000)
        var bob = TURNTestClient(port: 50001, userID: "bob")
        #expect(harness.allocate(&alice) != nil)
        #expect(harness.allocate(&bob) == nil)
        #expect(harness.request(&bob, .allocate, [.requestedTransport(protocolNumber: 17)])?.errorCode?.code == 508)
        #expect(harness.request(&bob, .allocate, [.requestedTransport(protocolNumber: 17),
                                                  .requestedAddressFamily(.ipv6)])?.errorCode?.code == 440)
    }

    @Test func rfc8656Section7_2_dontFragmentIsRefusedAs420() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let response = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17), .dontFragment])
        #expect(response?.errorCode?.code == 420)
        #expect(response?.first(.unknownAttributes) == .unknownAttributes([.dontFragment]))
    }

    @Test func rfc8489Section6_3_1_unknownComprehensionRequiredAttributeGets420() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let unknown = STUNAttributeType(rawValue: 0x7FF0)
        let response = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17),
                                                            .unknown(type: unknown, value: [1, 2, 3, 4])])
        #expect(response?.errorCode?.code == 420)
        #expect(response?.first(.unknownAttributes) == .unknownAttributes([unknown]))
        #expect(response?.verifyIntegrity(key: client.key) == true)
        #expect(harness.server.allocations.isEmpty)
        // Comprehension-optional attributes (0x8000-0xFFFF) are ignored.
        let optional = STUNAttributeType(rawValue: 0x802F)
        #expect(harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17),
                                                     .unknown(type: optional, value: [1])])?.messageClass == .successResponse)
    }

    @Test func bandwidthCapDropsAndCountsExcess() throws {
        var configuration = TURNTestHarness.configuration()
        configuration.bandwidthBytesPerSecond = 1000
        configuration.bandwidthBurstBytes = 1000
        var harness = TURNTestHarness(configuration: configuration)
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer
        _ = harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(peer)])
        let frame = try ChannelData(channelNumber: 0x4000, data: [UInt8](repeating: 1, count: 400)).serialize(padded: false)

        // 1000 bytes of burst: two 400-byte packets pass, the third is dropped.
        var relayedCount = 0
        for _ in 0..<3 { relayedCount += TURNTestHarness.peerSends(harness.deliver(frame, from: client)).count }
        #expect(relayedCount == 2)
        #expect(harness.server.statistics.droppedOverBandwidth == 1)
        // The cap covers the peer-to-client direction too.
        harness.server.handlePeerDatagram([UInt8](repeating: 2, count: 400), relayed: relayed, from: peer, now: harness.now)
        #expect(harness.drain().isEmpty)
        #expect(harness.server.statistics.droppedOverBandwidth == 2)
        // Half a second refills 500 bytes.
        _ = harness.advance(.milliseconds(500))
        #expect(TURNTestHarness.peerSends(harness.deliver(frame, from: client)).count == 1)
        #expect(TURNTestHarness.peerSends(harness.deliver(frame, from: client)).isEmpty)
        #expect(harness.server.statistics.packetsToPeers == 3)
    }
}
