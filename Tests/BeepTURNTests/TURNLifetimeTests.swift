import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// Allocation, permission and channel lifetimes in virtual time (RFC 8656 §7, §9, §12).
@Suite struct TURNLifetimeTests {
    static func endings(_ outputs: [TURNServerOutput]) -> [TURNAllocationEndReason] {
        outputs.compactMap { output in
            if case .allocationEnded(_, let reason) = output { return reason }
            return nil
        }
    }

    @Test func rfc8656Section7_2_lifetimeIsClampedBetweenDefaultAndMaximum() {
        var harness = TURNTestHarness()
        var short = TURNTestClient(port: 50000)
        _ = harness.allocate(&short)
        #expect(harness.request(&short, .refresh, [.lifetime(seconds: 30)])?.lifetime == 600)
        #expect(harness.request(&short, .refresh, [.lifetime(seconds: 100_000)])?.lifetime == 3600)
        #expect(harness.request(&short, .refresh, [.lifetime(seconds: 1200)])?.lifetime == 1200)
    }

    @Test func rfc8656Section7_allocationExpiresAfterItsLifetime() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.allocate(&client)
        #expect(harness.server.pollTimeout() == MonotonicTime.zero + .seconds(600))
        #expect(Self.endings(harness.advance(.seconds(599))).isEmpty)
        #expect(harness.server.allocations.count == 1)
        #expect(Self.endings(harness.advance(.seconds(1))) == [.expired])
        #expect(harness.server.allocations.isEmpty)
        #expect(harness.server.pollTimeout() == nil)
        #expect(harness.request(&client, .refresh, [])?.errorCode?.code == 437)
    }

    @Test func rfc8656Section7_3_refreshExtendsTheAllocation() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.allocate(&client)
        _ = harness.advance(.seconds(500))
        #expect(harness.request(&client, .refresh, [.lifetime(seconds: 600)])?.messageClass == .successResponse)
        #expect(Self.endings(harness.advance(.seconds(599))).isEmpty)
        #expect(Self.endings(harness.advance(.seconds(1))) == [.expired])
    }

    @Test func rfc8656Section7_3_refreshWithLifetimeZeroDeletes() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let (_, bytes) = client.makeRequest(.refresh, [.lifetime(seconds: 0)], signed: true)
        let outputs = harness.deliver(bytes, from: client)
        #expect(Self.endings(outputs) == [.deleted])
        let response = TURNTestHarness.clientMessages(outputs, for: client.fiveTuple).first
        #expect(response?.messageClass == .successResponse)
        #expect(response?.lifetime == 0)
        // The relayed address is free again: the next allocation gets it.
        var other = TURNTestClient(port: 50001, userID: "bob")
        #expect(harness.allocate(&other) == relayed)
    }

    @Test func rfc8656Section9_permissionsLast300Seconds() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer
        _ = harness.request(&client, .createPermission, [.xorPeerAddress(peer)])
        #expect(harness.server.pollTimeout() == MonotonicTime.zero + .seconds(300))
        _ = harness.advance(.seconds(299))
        harness.server.handlePeerDatagram([1], relayed: relayed, from: peer, now: harness.now)
        #expect(TURNTestHarness.clientMessages(harness.drain(), for: client.fiveTuple).count == 1)
        _ = harness.advance(.seconds(1))
        // The sweep at 300 s dropped the permission; the allocation's expiry is next.
        #expect(harness.server.pollTimeout() == MonotonicTime.zero + .seconds(600))
        harness.server.handlePeerDatagram([2], relayed: relayed, from: peer, now: harness.now)
        #expect(harness.drain().isEmpty)
        #expect(TURNTestHarness.peerSends(harness.deliver(client.sendIndication(to: peer, [3]), from: client)).isEmpty)
    }

    @Test func rfc8656Section12_channelsLast600SecondsAndNeedTheirPermission() throws {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard harness.allocate(&client) != nil else { Issue.record("allocate failed"); return }
        _ = harness.request(&client, .refresh, [.lifetime(seconds: 3600)])
        let peer = TURNTestHarness.sfuPeer
        _ = harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(peer)])
        let frame = try ChannelData(channelNumber: 0x4000, data: [9]).serialize(padded: false)

        // At 300 s the permission the bind installed lapses; a CreatePermission renews it.
        _ = harness.advance(.seconds(300))
        #expect(TURNTestHarness.peerSends(harness.deliver(frame, from: client)).isEmpty)
        _ = harness.request(&client, .createPermission, [.xorPeerAddress(peer)])
        #expect(TURNTestHarness.peerSends(harness.deliver(frame, from: client)).count == 1)

        // At 600 s the channel itself expires even with a permission.
        _ = harness.advance(.seconds(250))
        _ = harness.request(&client, .createPermission, [.xorPeerAddress(peer)])
        _ = harness.advance(.seconds(50))
        #expect(TURNTestHarness.peerSends(harness.deliver(frame, from: client)).isEmpty)
        // Unbound, the number may be bound to another peer.
        let other = STUNAddress.ipv4(127, 0, 0, 9, port: 1000)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(other)])?.messageClass == .successResponse)
    }
}
