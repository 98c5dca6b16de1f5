import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// No open relay (RFC 8656 §21.3, issue 6): refused peers get 403 and nothing is ever
/// emitted toward them. The server is sans-IO, so "nothing sent" means no `.toPeer` output.
@Suite struct TURNNoOpenRelayTests {
    /// The addresses issue 6 names, with 127.0.0.1 refused because this configuration does
    /// not allow loopback.
    static let refused: [STUNAddress] = [
        .ipv4(10, 0, 0, 1, port: 5000),
        .ipv4(127, 0, 0, 1, port: 5000),
        .ipv6([0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 0x0001], port: 5000),   // [::ffff:127.0.0.1]
        .ipv4(169, 254, 169, 254, port: 80),
        .ipv4(192, 168, 1, 1, port: 5000),
        .ipv4(172, 16, 0, 1, port: 5000),
        .ipv4(0, 0, 0, 0, port: 5000),
        .ipv4(224, 0, 0, 251, port: 5353),
        .ipv4(203, 0, 113, 9, port: 5000),                             // public, but not allowlisted
    ]

    /// A harness that allows only the SFU's public media address 203.0.113.50/32.
    static func harness() -> TURNTestHarness {
        var configuration = TURNTestHarness.configuration(allowLoopback: false)
        configuration.peerPolicy = TURNPeerAddressPolicy(allowed: [TURNAddressPrefix("203.0.113.50/32")].compactMap { $0 })
        return TURNTestHarness(configuration: configuration)
    }

    @Test(arguments: refused)
    func createPermissionForARefusedPeerGets403AndNothingIsSent(peer: STUNAddress) {
        var harness = Self.harness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let (_, bytes) = client.makeRequest(.createPermission, [.xorPeerAddress(peer)], signed: true)
        let outputs = harness.deliver(bytes, from: client)
        #expect(TURNTestHarness.clientMessages(outputs, for: client.fiveTuple).first?.errorCode?.code == 403)
        #expect(TURNTestHarness.peerSends(outputs).isEmpty)

        // Neither a Send indication nor a peer datagram from there gets through afterwards.
        let send = harness.deliver(client.sendIndication(to: peer, [0xDE, 0xAD]), from: client)
        #expect(send.isEmpty)
        harness.server.handlePeerDatagram([1], relayed: relayed, from: peer, now: harness.now)
        #expect(harness.drain().isEmpty)
    }

    @Test(arguments: refused)
    func channelBindToARefusedPeerGets403AndNothingIsSent(peer: STUNAddress) throws {
        var harness = Self.harness()
        var client = TURNTestClient(port: 50000)
        guard harness.allocate(&client) != nil else { Issue.record("allocate failed"); return }
        let (_, bytes) = client.makeRequest(.channelBind, [.channelNumber(0x4000), .xorPeerAddress(peer)], signed: true)
        let outputs = harness.deliver(bytes, from: client)
        #expect(TURNTestHarness.clientMessages(outputs, for: client.fiveTuple).first?.errorCode?.code == 403)
        let frame = try ChannelData(channelNumber: 0x4000, data: [1, 2, 3]).serialize(padded: false)
        #expect(harness.deliver(frame, from: client).isEmpty)
    }

    @Test func oneRefusedPeerFailsTheWholeCreatePermission() {
        var harness = Self.harness()
        var client = TURNTestClient(port: 50000)
        guard let relayed = harness.allocate(&client) else { Issue.record("allocate failed"); return }
        let allowed = STUNAddress.ipv4(203, 0, 113, 50, port: 4000)
        let response = harness.request(&client, .createPermission,
                                       [.xorPeerAddress(allowed), .xorPeerAddress(.ipv4(10, 0, 0, 1, port: 1))])
        #expect(response?.errorCode?.code == 403)
        harness.server.handlePeerDatagram([1], relayed: relayed, from: allowed, now: harness.now)
        #expect(harness.drain().isEmpty)
        // The allowed address alone works, and only it is reached.
        #expect(harness.request(&client, .createPermission, [.xorPeerAddress(allowed)])?.messageClass == .successResponse)
        let sent = TURNTestHarness.peerSends(harness.deliver(client.sendIndication(to: allowed, [7]), from: client))
        #expect(sent.map(\.peer) == [allowed])
        #expect(TURNTestHarness.peerSends(harness.deliver(client.sendIndication(to: .ipv4(10, 0, 0, 1, port: 1), [7]),
                                                          from: client)).isEmpty)
        #expect(harness.server.statistics.droppedForbiddenPeer == 1)
    }

    @Test func defaultPolicyRefusesEverything() {
        var configuration = TURNTestHarness.configuration(allowLoopback: false)
        configuration.peerPolicy = .denyAll
        var harness = TURNTestHarness(configuration: configuration)
        var client = TURNTestClient(port: 50000)
        guard harness.allocate(&client) != nil else { Issue.record("allocate failed"); return }
        let peer = STUNAddress.ipv4(203, 0, 113, 50, port: 4000)
        #expect(harness.request(&client, .createPermission, [.xorPeerAddress(peer)])?.errorCode?.code == 403)
    }

    @Test func ipv6PeerOnAnIPv4AllocationGets443() {
        var harness = Self.harness()
        var client = TURNTestClient(port: 50000)
        guard harness.allocate(&client) != nil else { Issue.record("allocate failed"); return }
        let peer = STUNAddress.ipv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], port: 4000)
        #expect(harness.request(&client, .createPermission, [.xorPeerAddress(peer)])?.errorCode?.code == 443)
    }
}

/// The peer address policy on its own.
@Suite struct TURNPeerAddressPolicyTests {
    static let loopbackAllowed = TURNPeerAddressPolicy(allowed: [TURNAddressPrefix("127.0.0.0/8")].compactMap { $0 })

    @Test func ipv4MappedAddressesAreJudgedAsIPv4() {
        let mapped = STUNAddress.ipv6([0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 0x0001], port: 1)
        #expect(TURNPeerAddressPolicy.normalized(mapped) == .ipv4(127, 0, 0, 1, port: 1))
        #expect(Self.loopbackAllowed.allows(mapped))
        #expect(!TURNPeerAddressPolicy.denyAll.allows(mapped))
    }

    @Test func broadAllowlistDoesNotUnlockSpecialPurposeRanges() {
        let policy = TURNPeerAddressPolicy(allowed: [.anyIPv4, .anyIPv6])
        #expect(policy.allows(.ipv4(203, 0, 113, 9, port: 1)))
        #expect(policy.allows(.ipv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], port: 1)))
        let special: [STUNAddress] = [
            .ipv4(10, 0, 0, 1, port: 1), .ipv4(127, 0, 0, 1, port: 1), .ipv4(169, 254, 169, 254, port: 1),
            .ipv4(172, 31, 255, 255, port: 1), .ipv4(192, 168, 0, 1, port: 1), .ipv4(0, 0, 0, 0, port: 1),
            .ipv4(100, 64, 0, 1, port: 1), .ipv4(239, 1, 2, 3, port: 1), .ipv4(255, 255, 255, 255, port: 1),
            .ipv6([0, 0, 0, 0, 0, 0, 0, 1], port: 1), .ipv6([], port: 1), .ipv6([0xfe80, 0, 0, 0, 0, 0, 0, 1], port: 1),
            .ipv6([0xfd00, 0, 0, 0, 0, 0, 0, 1], port: 1), .ipv6([0xff02, 0, 0, 0, 0, 0, 0, 1], port: 1),
            .ipv6([0, 0, 0, 0, 0, 0xFFFF, 0x0A00, 0x0001], port: 1), .ipv6([0x64, 0xff9b, 0, 0, 0, 0, 0x0A00, 1], port: 1),
        ]
        for address in special {
            #expect(!policy.allows(address), "\(address) must be refused")
        }
    }

    @Test func anExplicitSpecificPrefixUnlocksItsRange() {
        let policy = TURNPeerAddressPolicy(allowed: [TURNAddressPrefix("10.1.2.3"), TURNAddressPrefix("fe80::/10")].compactMap { $0 })
        #expect(policy.allows(.ipv4(10, 1, 2, 3, port: 9)))
        #expect(!policy.allows(.ipv4(10, 1, 2, 4, port: 9)))
        #expect(policy.allows(.ipv6([0xfe80, 0, 0, 0, 0, 0, 0, 7], port: 9)))
        #expect(!policy.allows(.ipv4(172, 16, 0, 1, port: 9)))
    }

    @Test func prefixParsing() {
        #expect(TURNAddressPrefix("10.0.0.0/8")?.description == "10.0.0.0/8")
        #expect(TURNAddressPrefix("10.9.8.7/8")?.description == "10.0.0.0/8")
        #expect(TURNAddressPrefix("fe80::1/10")?.description == "fe80::/10")
        #expect(TURNAddressPrefix("172.16.0.0/12")?.contains(.ipv4(172, 31, 1, 1, port: 0)) == true)
        #expect(TURNAddressPrefix("172.16.0.0/12")?.contains(.ipv4(172, 32, 0, 0, port: 0)) == false)
        #expect(TURNAddressPrefix("10.0.0.0/33") == nil)
        #expect(TURNAddressPrefix("10.0.0.0/-1") == nil)
        #expect(TURNAddressPrefix("host.example/8") == nil)
        #expect(TURNAddressPrefix("") == nil)
    }
}
