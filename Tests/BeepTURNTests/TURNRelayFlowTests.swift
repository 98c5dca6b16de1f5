import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// End-to-end TURN flows in virtual time (RFC 8656 §7, §9, §11, §12).
@Suite struct TURNRelayFlowTests {
    @Test func rfc8656Section7_unauthenticatedAllocateGets401WithRealmAndNonce() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        let response = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        #expect(response?.messageClass == .errorResponse)
        #expect(response?.errorCode?.code == 401)
        #expect(response?.realm == TURNTestHarness.realm)
        #expect(response?.nonce?.isEmpty == false)
        #expect(harness.server.allocations.isEmpty)
    }

    @Test func rfc8656Section7_2_allocateAfterChallengeSucceedsSigned() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let (_, bytes) = client.makeRequest(.allocate, [.requestedTransport(protocolNumber: 17)], signed: true)
        let outputs = harness.deliver(bytes, from: client)
        let created = outputs.compactMap { output -> TURNAllocationInfo? in
            if case .allocationCreated(let info) = output { return info }
            return nil
        }
        #expect(created.count == 1)
        #expect(created.first?.username == client.credentials.username)
        let responses = TURNTestHarness.clientMessages(outputs, for: client.fiveTuple)
        let response = responses.first
        #expect(response?.messageClass == .successResponse)
        #expect(response?.xorRelayedAddress == created.first?.relayedAddress)
        #expect(response?.xorMappedAddress == client.fiveTuple.client)
        #expect(response?.lifetime == 600)
        #expect(response?.verifyIntegrity(key: client.key) == true)
        // The driver hears of the relay socket before the client hears of the address.
        if case .allocationCreated? = outputs.first {} else { Issue.record("allocationCreated must come first") }
    }

    @Test func rfc8656Sections9And11_permissionSendAndDataIndicationBack() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer

        let permission = harness.request(&client, .createPermission, [.xorPeerAddress(peer)])
        #expect(permission?.messageClass == .successResponse)
        #expect(permission?.verifyIntegrity(key: client.key) == true)

        let payload: [UInt8] = Array("hello peer".utf8)
        let sent = TURNTestHarness.peerSends(harness.deliver(client.sendIndication(to: peer, payload), from: client))
        #expect(sent.count == 1)
        #expect(sent.first?.relayed == relayed)
        #expect(sent.first?.peer == peer)
        #expect(sent.first?.bytes == payload)

        let reply: [UInt8] = Array("hello client".utf8)
        harness.server.handlePeerDatagram(reply, relayed: relayed, from: peer, now: harness.now)
        let data = TURNTestHarness.clientMessages(harness.drain(), for: client.fiveTuple)
        #expect(data.count == 1)
        #expect(data.first?.method == .data)
        #expect(data.first?.messageClass == .indication)
        #expect(data.first?.xorPeerAddresses == [peer])
        #expect(data.first?.data == reply)
    }

    @Test func rfc8656Section12_channelBindThenChannelDataBothWays() throws {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer
        let bind = harness.request(&client, .channelBind, [.channelNumber(0x4001), .xorPeerAddress(peer)])
        #expect(bind?.messageClass == .successResponse)

        let payload: [UInt8] = [0x80, 0x60, 0x00, 0x01, 0xAA]
        let frame = try ChannelData(channelNumber: 0x4001, data: payload).serialize(padded: false)
        let sent = TURNTestHarness.peerSends(harness.deliver(frame, from: client))
        #expect(sent.map(\.bytes) == [payload])
        #expect(sent.first?.peer == peer)

        harness.server.handlePeerDatagram([1, 2, 3], relayed: relayed, from: peer, now: harness.now)
        let frames = TURNTestHarness.clientFrames(harness.drain(), for: client.fiveTuple)
        #expect(frames.count == 1)
        let back = try ChannelData.parse(frames.first ?? [])
        #expect(back.channelNumber == 0x4001)
        #expect(back.data == [1, 2, 3])

        // A datagram from another port of the same IP is covered by the permission but not
        // by the channel: it comes back as a Data indication (RFC 8656 §12.6).
        let otherPort = STUNAddress.ipv4(127, 0, 0, 1, port: 9999)
        harness.server.handlePeerDatagram([4], relayed: relayed, from: otherPort, now: harness.now)
        let indication = TURNTestHarness.clientMessages(harness.drain(), for: client.fiveTuple)
        #expect(indication.first?.method == .data)
        #expect(indication.first?.xorPeerAddresses == [otherPort])
    }

    @Test func rfc8656Section12_channelBindRules() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard harness.allocate(&client) != nil else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer
        let otherPeer = STUNAddress.ipv4(127, 0, 0, 2, port: 8802)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x3FFF), .xorPeerAddress(peer)])?.errorCode?.code == 400)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x8000), .xorPeerAddress(peer)])?.errorCode?.code == 400)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4000)])?.errorCode?.code == 400)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(peer)])?.messageClass == .successResponse)
        // Same channel, same peer: a refresh.
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(peer)])?.messageClass == .successResponse)
        // Channel already bound to another peer; peer already bound to another channel.
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4000), .xorPeerAddress(otherPeer)])?.errorCode?.code == 400)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4FFF), .xorPeerAddress(peer)])?.errorCode?.code == 400)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4FFF), .xorPeerAddress(otherPeer)])?.messageClass == .successResponse)
    }

    @Test func rfc8656Section12_strictRangeRefusesRFC5766Channels() {
        var configuration = TURNTestHarness.configuration()
        configuration.channelNumbers = 0x4000...0x4FFF
        var harness = TURNTestHarness(configuration: configuration)
        var client = TURNTestClient(port: 50000)
        guard harness.allocate(&client) != nil else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x5000), .xorPeerAddress(peer)])?.errorCode?.code == 400)
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x4FFF), .xorPeerAddress(peer)])?.messageClass == .successResponse)
    }

    /// RFC 5766 §11 channel numbers (0x4000-0x7FFF), which coturn's turnutils_uclient picks
    /// at random, work in both directions by default, on UDP and on TCP.
    @Test(arguments: [TURNTransport.udp, .tcp])
    func rfc5766Section11_highChannelNumbersRelayBothWays(transport: TURNTransport) {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000, transport: transport)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer
        #expect(harness.request(&client, .channelBind, [.channelNumber(0x7ABC), .xorPeerAddress(peer)])?.messageClass == .successResponse)
        // Channel 0x7ABC, length 3, data, one byte of padding (RFC 8656 §12.4 layout).
        let frame: [UInt8] = [0x7A, 0xBC, 0x00, 0x03, 0x0A, 0x0B, 0x0C, 0x00]
        let sent = TURNTestHarness.peerSends(harness.deliver(frame, from: client))
        #expect(sent.map(\.bytes) == [[0x0A, 0x0B, 0x0C]])
        harness.server.handlePeerDatagram([0x01, 0x02], relayed: relayed, from: peer, now: harness.now)
        let back = harness.drain().compactMap { output -> [UInt8]? in
            if case .toClient(_, let bytes) = output { return bytes }
            return nil
        }
        let expected: [UInt8] = transport.isStream ? [0x7A, 0xBC, 0x00, 0x02, 0x01, 0x02, 0x00, 0x00]
                                                   : [0x7A, 0xBC, 0x00, 0x02, 0x01, 0x02]
        #expect(back == [expected])
    }

    @Test func rfc8656Section9_noPermissionMeansNothingRelayed() throws {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let peer = TURNTestHarness.sfuPeer
        #expect(TURNTestHarness.peerSends(harness.deliver(client.sendIndication(to: peer, [1]), from: client)).isEmpty)
        harness.server.handlePeerDatagram([1], relayed: relayed, from: peer, now: harness.now)
        #expect(harness.drain().isEmpty)
        let unbound = try ChannelData(channelNumber: 0x4002, data: [1]).serialize(padded: false)
        #expect(harness.deliver(unbound, from: client).isEmpty)
        #expect(harness.server.statistics.droppedNoPermission == 3)
    }

    @Test func stunBindingOnTheTURNPortAnswersWithoutCredentials() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50001)
        let response = harness.request(&client, .binding, [], signed: false)
        #expect(response?.messageClass == .successResponse)
        #expect(response?.xorMappedAddress == client.fiveTuple.client)
    }

    @Test func rfc8656Section7_2_retransmittedAllocateGetsTheSameResponse() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let (_, bytes) = client.makeRequest(.allocate, [.requestedTransport(protocolNumber: 17)], signed: true)
        let first = TURNTestHarness.clientFrames(harness.deliver(bytes, from: client), for: client.fiveTuple)
        let again = harness.deliver(bytes, from: client)
        #expect(TURNTestHarness.clientFrames(again, for: client.fiveTuple) == first)
        #expect(!again.contains { if case .allocationCreated = $0 { true } else { false } })
        #expect(harness.server.allocations.count == 1)
    }
}
