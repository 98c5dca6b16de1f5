import BeepDTLS
import BeepICE
import BeepSRTP

/// Everything a ``PeerSession`` needs from offer/answer: ICE credentials and candidates, the
/// DTLS certificate, role and the peer's fingerprint, and the SRTP profiles to allow.
public struct PeerSessionConfiguration: Sendable {
    /// ICE mode, role, local credentials and address policy.
    public var ice: ICEAgentConfiguration
    /// The peer's ICE credentials (`a=ice-ufrag` / `a=ice-pwd`).
    public var remoteCredentials: ICECredentials
    /// Local candidates (the bound addresses this session is reachable on).
    public var localCandidates: [ICECandidate]
    /// Remote candidates from the peer's description (more may trickle in).
    public var remoteCandidates: [ICECandidate]
    /// This side's certificate (its fingerprint is in the local description).
    public var certificate: DTLSCertificate
    /// The fingerprint the peer's certificate must match (`a=fingerprint`, RFC 8122).
    public var remoteFingerprint: DTLSFingerprint
    /// `a=setup:active` is the DTLS client, `passive` the server (RFC 8842 §5).
    public var dtlsRole: DTLSRole
    /// SRTP profiles in preference order (use_srtp, RFC 5764 §4.1.2).
    public var srtpProfiles: [SRTPProfile]
    /// The largest DTLS datagram.
    public var mtu: Int
    /// RTCP reports and statistics; nil sends no reports of its own.
    public var rtcp: PeerRTCPConfiguration?

    /// A configuration.
    public init(ice: ICEAgentConfiguration, remoteCredentials: ICECredentials, localCandidates: [ICECandidate],
                remoteCandidates: [ICECandidate] = [], certificate: DTLSCertificate,
                remoteFingerprint: DTLSFingerprint, dtlsRole: DTLSRole,
                srtpProfiles: [SRTPProfile] = SRTPProfile.defaultPreference, mtu: Int = 1200,
                rtcp: PeerRTCPConfiguration? = nil) {
        self.ice = ice
        self.remoteCredentials = remoteCredentials
        self.localCandidates = localCandidates
        self.remoteCandidates = remoteCandidates
        self.certificate = certificate
        self.remoteFingerprint = remoteFingerprint
        self.dtlsRole = dtlsRole
        self.srtpProfiles = srtpProfiles
        self.mtu = mtu
        self.rtcp = rtcp
    }
}
