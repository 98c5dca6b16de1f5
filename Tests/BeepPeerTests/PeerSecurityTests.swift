import BeepDTLS
import BeepICE
import BeepPeer
import BeepSRTP
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// What a session refuses: a certificate that does not match the signalled fingerprint,
/// replayed SRTP, and datagrams from addresses ICE has not validated.
struct PeerSecurityTests {
    typealias P = PeerPair

    static func isFailure(_ event: PeerEvent) -> Bool {
        if case .failed = event { true } else { false }
    }

    static func isSecured(_ event: PeerEvent) -> Bool {
        if case .secured = event { true } else { false }
    }

    /// The bot expects another certificate's fingerprint (RFC 8122 §5, RFC 8842 §5): ICE
    /// connects but DTLS fails with a `.failed` event on both sides, neither side is ever secured, and no
    /// media can be sent.
    @Test func wrongRemoteFingerprintIsRefused() throws {
        let network = VirtualPeerNetwork(seed: 41)
        let impostor = try DTLSCertificate(commonName: "impostor")
        let pair = try PeerPair(network: network, botExpects: impostor.fingerprint)
        network.run(until: .zero + .seconds(60))
        #expect(network.events(of: P.bot).contains(.iceStateChanged(.connected)))
        #expect(network.events(of: P.bot).contains(where: Self.isFailure))
        // The bot's fatal bad_certificate alert (RFC 5246 §7.2.2) ends the SFU's handshake too.
        #expect(network.events(of: P.sfu).contains(where: Self.isFailure))
        #expect(pair.bot.isFinished && pair.sfu.isFinished)
        for session in [P.bot, P.sfu] {
            #expect(!network.events(of: session).contains(where: Self.isSecured))
            #expect(network.receivedRTP(by: session).isEmpty)
        }
        #expect(pair.bot.srtpProfile == nil && pair.sfu.srtpProfile == nil)
        #expect(!pair.bot.sendRTP(try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.botSSRC), now: pair.network.now))
        #expect(!pair.sfu.sendRTP(try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.sfuSSRC), now: pair.network.now))
        #expect(!network.sent.contains { [.rtp, .rtcp].contains(PacketClass.of($0.transmit.bytes)) })
    }

    /// A captured SRTP datagram delivered a second time is dropped by the replay check
    /// (RFC 3711 §3.3.2) and counted; the next packet still arrives.
    @Test(arguments: [SRTPProfileCase.gcm, .cm])
    func replayedSRTPIsDroppedAndCounted(profile: SRTPProfileCase) throws {
        let network = VirtualPeerNetwork(seed: 42)
        let pair = try PeerPair(network: network, botProfiles: [profile.profile], sfuProfiles: [profile.profile])
        pair.runUntilSecured()
        let start = network.now
        let first = try PeerMedia.rtp(sequence: 500, ssrc: PeerMedia.botSSRC)
        #expect(pair.bot.sendRTP(first, now: pair.network.now))
        network.advance(by: .milliseconds(20))
        let captured = try #require(network.sent.last {
            $0.node == P.bot && PacketClass.of($0.transmit.bytes) == .rtp
        }?.transmit)
        #expect(network.receivedRTP(by: P.sfu, after: start) == [first])

        network.inject(captured.bytes, from: captured.source, to: captured.destination)
        #expect(pair.sfu.counters.replaysDropped == 1)
        #expect(network.receivedRTP(by: P.sfu, after: start) == [first])

        let second = try PeerMedia.rtp(sequence: 501, ssrc: PeerMedia.botSSRC)
        #expect(pair.bot.sendRTP(second, now: pair.network.now))
        network.advance(by: .milliseconds(20))
        #expect(network.receivedRTP(by: P.sfu, after: start) == [first, second])
        #expect(pair.sfu.counters.replaysDropped == 1 && pair.sfu.counters.authenticationFailures == 0)
    }

    /// A replayed SRTCP packet is dropped and counted too (RFC 3711 §3.4: the SRTCP index
    /// is replay-protected like SRTP); the next report still arrives.
    @Test func replayedSRTCPIsDroppedAndCounted() throws {
        let network = VirtualPeerNetwork(seed: 45)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        let start = network.now
        let report = PeerMedia.receiverReport(ssrc: PeerMedia.sfuSSRC)
        #expect(pair.sfu.sendRTCP(report))
        network.advance(by: .milliseconds(20))
        let captured = try #require(network.sent.last {
            $0.node == P.sfu && PacketClass.of($0.transmit.bytes) == .rtcp
        }?.transmit)
        network.inject(captured.bytes, from: captured.source, to: captured.destination)
        #expect(pair.bot.counters.replaysDropped == 1)
        #expect(pair.sfu.sendRTCP(report))
        network.advance(by: .milliseconds(20))
        #expect(network.receivedRTCP(by: P.bot, after: start) == [report, report])
        #expect(pair.bot.counters.authenticationFailures == 0)
    }

    /// The positive counterpart of the unvalidated-source rule: once a check from a new
    /// address passes (the bot's NAT rebinding, same priority as its first address), that
    /// address is validated, nominated (USE-CANDIDATE, RFC 8445 §7.3.1.5) and carries media
    /// both ways — and only then.
    @Test func aValidCheckFromANewAddressBindsIt() throws {
        let network = VirtualPeerNetwork(seed: 46)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        // Later than the lite agent's one-second guard against aggressive nomination.
        network.advance(by: .seconds(2))
        let rebound = STUNAddress.ipv4(127, 0, 0, 1, port: 50001)

        // A fresh SRTP packet from the bot, taken off its queue before the network sees it.
        let packet = try PeerMedia.rtp(sequence: 900, ssrc: PeerMedia.botSSRC)
        #expect(pair.bot.sendRTP(packet, now: pair.network.now))
        let protected = try #require(pair.bot.pollTransmit())
        network.inject(protected.bytes, from: rebound, to: P.sfuAddress)
        #expect(pair.sfu.counters.droppedUnvalidatedSource == 1)

        let check = STUNMessage(method: .binding, messageClass: .request, transactionID: STUNTransactionID(high: 3, low: 4),
                                attributes: [.username("sfuU:botU"), .iceControlling(tieBreaker: 0x0102_0304_0506_0708),
                                             .priority(ICECandidate.priority(kind: .peerReflexive, localPreference: 65535,
                                                                             component: 1)),
                                             .useCandidate])
        network.inject(try check.serialize(integrity: .shortTerm(password: P.sfuCredentials.password), fingerprint: true),
                       from: rebound, to: P.sfuAddress)
        let answer = try #require(network.sent.last { $0.node == P.sfu }?.transmit)
        #expect(answer.destination == rebound)
        #expect((try? STUNMessage.parse(answer.bytes))?.messageClass == .successResponse)
        #expect(pair.sfu.ice.selectedPair == ICESelectedPair(local: P.sfuAddress, remote: rebound))

        let start = network.now
        network.inject(protected.bytes, from: rebound, to: P.sfuAddress)
        #expect(network.receivedRTP(by: P.sfu, after: start) == [packet])
        let reply = try PeerMedia.rtp(sequence: 5, ssrc: PeerMedia.sfuSSRC)
        #expect(pair.sfu.sendRTP(reply, now: pair.network.now))
        let sent = try #require(pair.sfu.pollTransmit())
        #expect(sent.destination == rebound && sent.source == P.sfuAddress)
        #expect(pair.sfu.counters.droppedUnvalidatedSource == 1)
    }

    /// Garbage, truncated, DTLS-, RTP- and RTCP-looking datagrams (and STUN checks with an
    /// unknown username) from an address ICE never validated never crash, are counted, bind
    /// nothing (RFC 8445 §7.3, RFC 7983 §7), and leave the established session working.
    @Test func datagramsFromUnvalidatedAddressAreDroppedAndCounted() throws {
        let network = VirtualPeerNetwork(seed: 43)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        network.advance(by: .milliseconds(50))
        let attacker = STUNAddress.ipv4(127, 0, 0, 1, port: 40000)

        // A genuine SRTP and SRTCP datagram from the bot, replayed by an attacker.
        #expect(pair.bot.sendRTP(try PeerMedia.rtp(sequence: 77, ssrc: PeerMedia.botSSRC), now: pair.network.now))
        #expect(pair.bot.sendRTCP(PeerMedia.receiverReport(ssrc: PeerMedia.botSSRC)))
        network.advance(by: .milliseconds(20))
        let genuine = network.sent.filter { $0.node == P.bot }.suffix(2).map(\.transmit.bytes)
        let baseline = pair.sfu.counters
        let eventsBefore = network.events(of: P.sfu).count

        let classified: [[UInt8]] = [
            [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],  // DTLS 1.2 handshake header
            [22, 0xFE],  // truncated DTLS
            [23, 0xFE, 0xFD] + Array(repeating: 0xAB, count: 40),  // DTLS application data
            [0x80, 111, 0, 1],  // truncated RTP header
            [0x80, 111, 0, 1, 0, 0, 0, 1, 0x11, 0x11, 0x22, 0x22] + Array(repeating: 7, count: 30),  // RTP
            [0x80, 201, 0, 1, 0x11, 0x11, 0x22, 0x22],  // RTCP receiver report
        ] + genuine
        for bytes in classified { network.inject(bytes, from: attacker, to: P.sfuAddress) }
        #expect(pair.sfu.counters.droppedUnvalidatedSource == baseline.droppedUnvalidatedSource + classified.count)

        let unknown: [[UInt8]] = [[], [0x80], [0xFF, 0xFF, 0xFF], [17, 0, 0, 0], [64, 0, 0, 4, 1, 2, 3, 4], [200]]
        for bytes in unknown { network.inject(bytes, from: attacker, to: P.sfuAddress) }
        #expect(pair.sfu.counters.droppedUnknownClass == baseline.droppedUnknownClass + unknown.count)

        let malformedSTUN: [[UInt8]] = [[0, 1], [0, 1, 0, 0, 0x21, 0x12, 0xA4, 0x42], [1, 1, 0, 4, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3]]
        for bytes in malformedSTUN { network.inject(bytes, from: attacker, to: P.sfuAddress) }
        #expect(pair.sfu.counters.malformedSTUN == baseline.malformedSTUN + malformedSTUN.count)

        // A well-formed check with a wrong password: rejected by ICE, so the address stays
        // unvalidated and its DTLS is still dropped.
        let forged = STUNMessage(method: .binding, messageClass: .request, transactionID: STUNTransactionID(high: 1, low: 2),
                                 attributes: [.username("sfuU:botU"), .iceControlling(tieBreaker: 9), .priority(1),
                                              .useCandidate])
        network.inject(try forged.serialize(integrity: .shortTerm(password: "not-the-password-000000"), fingerprint: true),
                       from: attacker, to: P.sfuAddress)
        network.inject(classified[0], from: attacker, to: P.sfuAddress)
        #expect(pair.sfu.counters.droppedUnvalidatedSource == baseline.droppedUnvalidatedSource + classified.count + 1)

        #expect(network.events(of: P.sfu).count == eventsBefore)
        #expect(pair.sfu.ice.selectedPair == ICESelectedPair(local: P.sfuAddress, remote: P.botAddress))
        #expect(!network.sent.contains { $0.transmit.destination == attacker && PacketClass.of($0.transmit.bytes) != .stun })
        #expect(pair.sfu.counters.authenticationFailures == 0 && pair.sfu.counters.replaysDropped == 0)

        // The session still works both ways.
        let start = network.now
        let fromBot = try PeerMedia.rtp(sequence: 78, ssrc: PeerMedia.botSSRC)
        let fromSFU = try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.sfuSSRC)
        #expect(pair.bot.sendRTP(fromBot, now: pair.network.now) && pair.sfu.sendRTP(fromSFU, now: pair.network.now))
        network.advance(by: .milliseconds(30))
        #expect(network.receivedRTP(by: P.sfu, after: start) == [fromBot])
        #expect(network.receivedRTP(by: P.bot, after: start) == [fromSFU])
        #expect(!pair.sfu.isFinished && pair.sfu.ice.connectionState == .connected)
    }

    /// Forged and truncated datagrams from the validated peer address are dropped by the
    /// layer that owns them (SRTP authentication, RFC 3711 §3.3; DTLS record checks, RFC
    /// 6347 §4.1.2.7) without ending the session.
    @Test func garbageFromTheValidatedPeerLeavesTheSessionWorking() throws {
        let network = VirtualPeerNetwork(seed: 44)
        let pair = try PeerPair(network: network)
        pair.runUntilSecured()
        network.advance(by: .milliseconds(50))
        let forgedRTP: [UInt8] = [0x80, 111, 0, 9, 0, 0, 0, 9, 0x11, 0x11, 0x22, 0x22] + Array(repeating: 0x5A, count: 40)
        let forgedRTCP: [UInt8] = [0x80, 200, 0, 6, 0x11, 0x11, 0x22, 0x22] + Array(repeating: 0x5A, count: 30)
        for bytes in [forgedRTP, forgedRTCP, [0x80, 111], [22, 0xFE, 0xFD, 0, 1], [23, 0xFE, 0xFD] + Array(repeating: 1, count: 30)] {
            network.inject(bytes, from: P.botAddress, to: P.sfuAddress)
        }
        // The two forged packets fail authentication; the 2-byte "RTP" is too short to be SRTP.
        #expect(pair.sfu.counters.authenticationFailures == 2)
        #expect(pair.sfu.counters.malformedMedia == 1)
        #expect(pair.sfu.counters.droppedUnvalidatedSource == 0)
        #expect(!network.events(of: P.sfu).contains(where: Self.isFailure))
        let start = network.now
        let fromBot = try PeerMedia.rtp(sequence: 10, ssrc: PeerMedia.botSSRC)
        #expect(pair.bot.sendRTP(fromBot, now: pair.network.now))
        network.advance(by: .milliseconds(30))
        #expect(network.receivedRTP(by: P.sfu, after: start) == [fromBot])
    }
}

/// The two SRTP profiles, as test arguments.
enum SRTPProfileCase: Sendable, CustomTestStringConvertible {
    case gcm, cm

    var profile: SRTPProfile { self == .gcm ? .aeadAES128GCM : .aes128CMHMACSHA1_80 }
    var testDescription: String { profile.name }
}
