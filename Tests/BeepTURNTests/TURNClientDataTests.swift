import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// Permissions, channels and data in both directions (RFC 8656 §9-§12), over UDP and TCP.
@Suite struct TURNClientDataTests {
    static let peer = TURNClientTestBed.peer

    @Test(arguments: [TURNTransport.udp, .tcp])
    func sendCreatesThePermissionFirstThenRelaysBothWays(transport: TURNTransport) throws {
        var bed = TURNClientTestBed(transport: transport)
        bed.allocate()
        try bed.client.send([1, 2, 3, 4, 5], to: Self.peer, now: bed.now)
        try bed.client.send([6, 7], to: Self.peer, now: bed.now)
        bed.advance(.seconds(1))
        // Queued behind CreatePermission, then sent as Send indications in order.
        #expect(bed.events.contains(.permissionCreated(peer: Self.peer)))
        #expect(bed.peerInbox.map(\.bytes) == [[1, 2, 3, 4, 5], [6, 7]])
        #expect(bed.peerInbox.allSatisfy { $0.peer == Self.peer && $0.relayed == bed.client.relayedAddress })
        #expect(bed.client.statistics.sendIndications == 2)
        bed.peerSends([9, 8, 7])
        bed.advance(.seconds(1))
        // Back as a Data indication (RFC 8656 §11.4).
        #expect(bed.receivedData.map(\.payload) == [[9, 8, 7]])
        #expect(bed.receivedData.first?.peer == Self.peer)
        #expect(bed.client.statistics.dataIndicationsReceived == 1)
    }

    @Test(arguments: [TURNTransport.udp, .tcp])
    func boundChannelCarriesChannelDataBothWays(transport: TURNTransport) throws {
        var bed = TURNClientTestBed(transport: transport)
        bed.allocate()
        try bed.client.bindChannel(to: Self.peer, now: bed.now)
        bed.advance(.seconds(1))
        #expect(bed.events.contains(.channelBound(channel: 0x4000, peer: Self.peer)))
        #expect(bed.client.boundChannel(for: Self.peer) == 0x4000)
        #expect(bed.client.statistics.channelsBound == 1)
        let sentBefore = bed.clientTransmits.count
        try bed.client.send([1, 2, 3, 4, 5], to: Self.peer, now: bed.now)
        bed.advance(.seconds(1))
        let frame = try #require(bed.clientTransmits.dropFirst(sentBefore).first?.bytes)
        // ChannelData: channel 0x4000, length 5, padded to 12 bytes on TCP only (RFC 8656 §12.5).
        #expect(Array(frame.prefix(4)) == [0x40, 0x00, 0x00, 0x05])
        #expect(frame.count == (transport.isStream ? 12 : 9))
        #expect(bed.peerInbox.map(\.bytes) == [[1, 2, 3, 4, 5]])
        bed.peerSends([42, 43, 44])
        bed.advance(.seconds(1))
        #expect(bed.receivedData.map(\.payload) == [[42, 43, 44]])
        #expect(bed.client.statistics.channelDataReceived == 1)
        #expect(bed.client.statistics.channelDataSent == 1)
    }

    @Test func usedPermissionsAndChannelsAreRefreshedUnusedOnesLapse() throws {
        var bed = TURNClientTestBed()
        bed.allocate()
        let idle = STUNAddress.ipv4(127, 0, 0, 2, port: 9000)
        try bed.client.bindChannel(to: Self.peer, now: bed.now)
        try bed.client.createPermission(for: idle, now: bed.now)
        bed.advance(.seconds(1))
        // Keep sending to the bound peer every 30 s for 11 minutes.
        for _ in 0..<22 {
            try bed.client.send([0xAB], to: Self.peer, now: bed.now)
            bed.advance(.seconds(30))
        }
        let permissionRequests = bed.sentRequests.filter { $0.message.method == .createPermission }
        let channelRequests = bed.sentRequests.filter { $0.message.method == .channelBind }
        // The used peer's permission (installed by ChannelBind, RFC 8656 §12.2) is refreshed
        // at 240 s (< 300 s, RFC 8656 §9) and again by each ChannelBind refresh; the idle
        // one was created once and let lapse.
        #expect(permissionRequests.filter { $0.message.xorPeerAddresses == [idle] }.count == 1)
        #expect(permissionRequests.filter { $0.message.xorPeerAddresses == [Self.peer] }.count >= 1)
        #expect(permissionRequests.allSatisfy { $0.time - MonotonicTime.zero < .seconds(300) || $0.message.xorPeerAddresses == [Self.peer] })
        // Channel refreshed within 480 s (< 600 s, RFC 8656 §12).
        #expect(channelRequests.count >= 2)
        #expect(!bed.client.hasPermission(for: idle))
        // All 22 packets went out as ChannelData and the server relayed every one.
        #expect(bed.peerInbox.count == 22)
        #expect(bed.client.statistics.channelDataSent == 22)
        bed.peerSends([1])
        bed.advance(.seconds(1))
        #expect(bed.receivedData.count == 1)
    }

    @Test func tcpStreamIsReassembledFromArbitraryChunks() throws {
        var bed = TURNClientTestBed(transport: .tcp)
        bed.allocate()
        try bed.client.bindChannel(to: Self.peer, now: bed.now)
        bed.advance(.seconds(1))
        // A Data indication and two padded ChannelData frames in one buffer, fed one byte
        // at a time.
        let indication = STUNMessage(method: .data, messageClass: .indication,
                                     transactionID: STUNTransactionID(high: 1, low: 2),
                                     attributes: [.xorPeerAddress(Self.peer), .data([7, 7, 7])])
        var stream = try indication.serialize()
        stream += [0x40, 0x00, 0x00, 0x03, 1, 2, 3, 0]
        stream += [0x40, 0x00, 0x00, 0x04, 4, 5, 6, 7]
        let before = bed.receivedData.count
        for byte in stream { bed.client.handleReceived([byte], now: bed.now) }
        while let event = bed.client.pollEvent() { _ = event }
        #expect(bed.client.statistics.dataIndicationsReceived == 1)
        #expect(bed.client.statistics.channelDataReceived == 2)
        #expect(bed.receivedData.count == before)  // drained directly above
    }

    @Test func tcpStreamOutOfSyncFailsTheClient() {
        var bed = TURNClientTestBed(transport: .tcp)
        bed.allocate()
        bed.client.handleReceived([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], now: bed.now)
        bed.advance(.milliseconds(1))
        #expect(bed.failure?.code == .streamOutOfSync)
    }
}
