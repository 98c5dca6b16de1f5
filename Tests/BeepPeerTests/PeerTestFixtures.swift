import BeepDTLS
import BeepICE
import BeepPeer
import BeepRTP
import BeepSRTP
import BeepSTUN
import BeepTestSupport
import BeepWire

/// A bot (full controlling ICE agent, DTLS client — like beep-bot) and an SFU session (ICE
/// lite, controlled, DTLS server) that know each other's credentials and fingerprints, on a
/// ``VirtualPeerNetwork``. Session 0 is the bot, session 1 the SFU.
struct PeerPair {
    static let bot = 0
    static let sfu = 1
    static let sfuAddress = STUNAddress.ipv4(127, 0, 0, 1, port: 8801)
    static let botAddress = STUNAddress.ipv4(127, 0, 0, 1, port: 50000)
    static let sfuCredentials = ICECredentials(ufrag: "sfuU", password: "sfu-password-0123456789")
    static let botCredentials = ICECredentials(ufrag: "botU", password: "bot-password-0123456789")

    let network: VirtualPeerNetwork
    let bot: PeerSession
    let sfu: PeerSession

    /// Both sessions attached to `network`. `botExpects` overrides the fingerprint the bot
    /// expects from the SFU (default: the SFU certificate's).
    init(network: VirtualPeerNetwork, botProfiles: [SRTPProfile] = SRTPProfile.defaultPreference,
         sfuProfiles: [SRTPProfile] = SRTPProfile.defaultPreference, botExpects: DTLSFingerprint? = nil,
         iceSeed: UInt64 = 7, rtcp: Bool = false, sfuKeepsSendHistory: Bool = true) throws {
        let botCertificate = try DTLSCertificate(commonName: "bot")
        let sfuCertificate = try DTLSCertificate(commonName: "sfu")
        let botConfiguration = PeerSessionConfiguration(
            ice: ICEAgentConfiguration(mode: .full, role: .controlling, localCredentials: Self.botCredentials,
                                       addressPolicy: .loopbackOnly),
            remoteCredentials: Self.sfuCredentials, localCandidates: [.host(Self.botAddress)],
            remoteCandidates: [.host(Self.sfuAddress)], certificate: botCertificate,
            remoteFingerprint: botExpects ?? sfuCertificate.fingerprint, dtlsRole: .client, srtpProfiles: botProfiles,
            rtcp: rtcp ? Self.rtcpConfiguration(cname: "bot", reporterSSRC: 0xB0B) : nil)
        let sfuConfiguration = PeerSessionConfiguration(
            ice: ICEAgentConfiguration(mode: .lite, localCredentials: Self.sfuCredentials, addressPolicy: .loopbackOnly),
            remoteCredentials: Self.botCredentials, localCandidates: [.host(Self.sfuAddress)],
            certificate: sfuCertificate, remoteFingerprint: botCertificate.fingerprint, dtlsRole: .server,
            srtpProfiles: sfuProfiles,
            rtcp: rtcp ? Self.rtcpConfiguration(cname: "sfu", reporterSSRC: 0x5F0, keepsSendHistory: sfuKeepsSendHistory) : nil)
        bot = try PeerSession(configuration: botConfiguration, now: network.now, random: SeededGenerator(seed: iceSeed))
        sfu = try PeerSession(configuration: sfuConfiguration, now: network.now,
                              random: SeededGenerator(seed: iceSeed &+ 1))
        bot.ice.endOfRemoteCandidates()
        self.network = network
        network.attachSession(bot, addresses: [Self.botAddress])
        network.attachSession(sfu, addresses: [Self.sfuAddress])
    }

    /// RTCP with Opus's clock for payload type 111 and a fixed wall clock.
    static func rtcpConfiguration(cname: String, reporterSSRC: UInt32, keepsSendHistory: Bool = true) -> PeerRTCPConfiguration {
        PeerRTCPConfiguration(cname: cname, reporterSSRC: reporterSSRC, clockRates: [111: 48_000],
                              wallClockAtOrigin: NTPTimestamp(unixSeconds: 1_700_000_000), keepsSendHistory: keepsSendHistory)
    }

    /// True once both sessions reported `.secured`.
    var bothSecured: Bool { bot.srtpProfile != nil && sfu.srtpProfile != nil }

    /// Runs until both sides are secured (or `limit` passes); returns the virtual time.
    @discardableResult
    func runUntilSecured(limit: Duration = .seconds(60)) -> MonotonicTime {
        network.run(until: network.now + limit) { bothSecured }
        return network.now
    }
}

/// RTP and RTCP packets for the media tests.
enum PeerMedia {
    static let botSSRC: UInt32 = 0x1111_2222
    static let sfuSSRC: UInt32 = 0x3333_4444

    /// An Opus-like RTP packet (RFC 3550 §5.1 header, payload type 111) whose payload names
    /// its sequence number, so every packet is distinct.
    static func rtp(sequence: UInt16, ssrc: UInt32) throws -> [UInt8] {
        let payload = (0..<40).map { UInt8(truncatingIfNeeded: Int(sequence) &+ $0) }
        return try RTPPacket(payloadType: 111, sequenceNumber: sequence, timestamp: UInt32(sequence) &* 960,
                             ssrc: ssrc, payload: payload).serialized()
    }

    /// An RTCP receiver report without report blocks (RFC 3550 §6.4.2): V=2, P=0, RC=0,
    /// PT=201, length 1 (two 32-bit words minus one), the sender's SSRC.
    static func receiverReport(ssrc: UInt32) -> [UInt8] {
        var packet: [UInt8] = [0x80, 201, 0x00, 0x01, 0, 0, 0, 0]
        _ = BigEndian.store(ssrc, in: &packet, at: 4)
        return packet
    }
}
