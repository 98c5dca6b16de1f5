import BeepDTLS
import Foundation
import BeepICE
import BeepNegotiation
import BeepPeer
import BeepSDP
import BeepSFUServer
import BeepSRTP
import BeepSTUN
import BeepWire

/// The development echo endpoint (`POST /dev/echo`, enabled only by `BEEP_DEV_ECHO=1`): answers
/// an offer, announces the session to the media server, and echoes the peer's media back to it.
/// Interop tests drive real browsers and aiortc through it; see `docs/dev-echo.md`.
public final class DevEchoService: Sendable {
    /// Why an offer was refused (mapped to HTTP 400).
    public struct Failure: Error, CustomStringConvertible {
        /// A reason safe to show the caller.
        public let description: String
    }

    private let directory: SessionDirectory
    private let candidates: @Sendable () -> [STUNAddress]
    private let certificate: DTLSCertificate
    private let addressPolicy: ICEAddressPolicy

    /// A service announcing sessions in `directory`, reachable at `candidates()` (the media
    /// server's bound addresses), accepting peers allowed by `addressPolicy`.
    public init(directory: SessionDirectory, candidates: @escaping @Sendable () -> [STUNAddress],
                certificate: DTLSCertificate, addressPolicy: ICEAddressPolicy) {
        self.directory = directory
        self.candidates = candidates
        self.certificate = certificate
        self.addressPolicy = addressPolicy
    }

    /// Answers `offerText`; `profileNames` (RFC 5764 names such as `SRTP_AEAD_AES_128_GCM`)
    /// restricts the SRTP profiles Beep accepts, in preference order.
    public func answer(offer offerText: String, profileNames: [String]?) throws(Failure) -> String {
        let profiles = try Self.profiles(named: profileNames)
        let offer: SessionDescription
        do {
            offer = try SessionDescription.parse(offerText)
        } catch {
            throw Failure(description: "offer does not parse: \(error)")
        }
        let addresses = candidates()
        let local = BeepICE.ICECredentials.random()
        guard !addresses.isEmpty else { throw Failure(description: "no media socket is bound") }
        let candidate = addresses[Int(UInt(bitPattern: local.ufrag.hashValue) % UInt(addresses.count))]
        var random = SystemRandomNumberGenerator()
        let answer: EchoAnswer
        do {
            answer = try EchoAnswer.make(offer: offer, localCredentials: (local.ufrag, local.password),
                                         fingerprint: certificate.fingerprint, candidate: candidate,
                                         newSSRC: { UInt32.random(in: 1...UInt32.max, using: &random) })
        } catch {
            throw Failure(description: error.description)
        }
        let configuration = PeerSessionConfiguration(
            ice: ICEAgentConfiguration(mode: .lite, localCredentials: local, addressPolicy: addressPolicy),
            remoteCredentials: BeepICE.ICECredentials(ufrag: answer.remote.iceUfrag,
                                                      password: answer.remote.icePassword),
            localCandidates: [.host(candidate)], certificate: certificate,
            remoteFingerprint: answer.remote.fingerprint, dtlsRole: .server, srtpProfiles: profiles)
        let echoSSRCs = answer.echoSSRCs
        let feedbackSSRC = UInt32.random(in: 1...UInt32.max)
        let clockRates = answer.clockRates
        directory.announce(PendingSession(localUfrag: local.ufrag, localPassword: local.password) { _, now in
            var configuration = configuration
            let wallClock = Date().timeIntervalSince1970 - Double(now.nanoseconds) / 1e9
            configuration.rtcp = PeerRTCPConfiguration(cname: "beep-echo", reporterSSRC: feedbackSSRC,
                                                       clockRates: clockRates,
                                                       wallClockAtOrigin: NTPTimestamp(unixSeconds: wallClock))
            guard let peer = try? PeerSession(configuration: configuration, now: now) else { return ClosedSession() }
            return EchoSession(peer: peer, echoSSRCs: echoSSRCs, feedbackSSRC: feedbackSSRC)
        })
        return answer.description.serialized()
    }

    static func profiles(named names: [String]?) throws(Failure) -> [SRTPProfile] {
        guard let names else { return SRTPProfile.defaultPreference }
        var profiles: [SRTPProfile] = []
        for name in names {
            guard let profile = SRTPProfile.allCases.first(where: { $0.name == name }) else {
                throw Failure(description: "unknown SRTP profile \(name)")
            }
            if !profiles.contains(profile) { profiles.append(profile) }
        }
        guard !profiles.isEmpty else { throw Failure(description: "srtpProfiles is empty") }
        return profiles
    }
}

/// Stands in for a session that could not be created; the driver forgets it at once.
final class ClosedSession: UDPSession {
    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {}
    func handleTimeout(now: MonotonicTime) {}
    func pollTransmit() -> UDPTransmit? { nil }
    func pollTimeout() -> MonotonicTime? { nil }
    var isClosed: Bool { true }
}
