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
    /// connects but DTLS fails with a `.failed` event, neither side is ever secured, and no
    /// media can be sent.
    @Test func wrongRemoteFingerprintIsRefused() throws {
        let network = VirtualPeerNetwork(seed: 41)
        let impostor = try DTLSCertificate(commonName: "impostor")
        let pair = try PeerPair(network: network, botExpects: impostor.fingerprint)
        network.run(until: .zero + .seconds(60))
        print("BOT", network.events(of: P.bot)); print("SFU", network.events(of: P.sfu), pair.sfu.dtls.state)
        #expect(network.events(of: P.bot).contains(.iceStateChanged(.connected)))
        #expect(network.events(of: P.bot).contains(where: Self.isFailure))
        for session in [P.bot, P.sfu] {
            #expect(!network.events(of: session).contains(where: Self.isSecured))
            #expect(network.receivedRTP(by: session).isEmpty)
        }
        #expect(pair.bot.srtpProfile == nil && pair.sfu.srtpProfile == nil)
        #expect(!pair.bot.sendRTP(try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.botSSRC)))
        #expect(!pair.sfu.sendRTP(try PeerMedia.rtp(sequence: 1, ssrc: PeerMedia.sfuSSRC)))
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
        #expect(pair.bot.sendRTP(first))
        network.advance(by: .milliseconds(20))
        let captured = try #require(network.sent.last {
            $0.session == P.bot && PacketClass.of($0.transmit.bytes) == .rtp
        }?.transmit)
        #expect(network.receivedRTP(by: P.sfu, after: start) == [first])

        network.inject(captured.bytes, from: captured.source, to: captured.destination)
        #expect(pair.sfu.counters.replaysDropped == 1)
        #expect(network.receivedRTP(by: P.sfu, after: start) == [first])

        let second = try PeerMedia.rtp(sequence: 501, ssrc: PeerMedia.botSSRC)
        #expect(pair.bot.sendRTP(second))
        network.advance(by: .milliseconds(20))
        #expect(network.receivedRTP(by: P.sfu, after: start) == [first, second])
        #expect(pair.sfu.counters.replaysDropped == 1 && pair.sfu.counters.authenticationFailures == 0)
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
        #expect(pair.bot.sendRTP(try PeerMedia.rtp(sequence: 77, ssrc: PeerMedia.botSSRC)))
        #expect(pair.bot.sendRTCP(PeerMedia.receiverReport(ssrc: PeerMedia.botSSRC)))
        network.advance(by: .milliseconds(20))
        let genuine = network.sent.filter { $0.session == P.bot }.suffix(2).map(\.transmit.bytes)
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
        #expect(pair.bot.sendRTP(fromBot) && pair.sfu.sendRTP(fromSFU))
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
        // The two forged packets fail authentication; the 2-byte "RTP" is rejected by libsrtp
        // as unparsable, which the session counts with the authentication failures.
        #expect(pair.sfu.counters.authenticationFailures == 3)
        #expect(pair.sfu.counters.droppedUnvalidatedSource == 0)
        #expect(!network.events(of: P.sfu).contains(where: Self.isFailure))
        let start = network.now
        let fromBot = try PeerMedia.rtp(sequence: 10, ssrc: PeerMedia.botSSRC)
        #expect(pair.bot.sendRTP(fromBot))
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
