import BeepDTLS
import BeepICE
import BeepSRTP
import BeepSTUN

/// What a ``PeerSession`` reports; drain with ``PeerSession/pollEvent()`` after each input.
public enum PeerEvent: Sendable, Hashable {
    /// ICE connectivity changed (checking, connected, disconnected, failed...).
    case iceStateChanged(ICEConnectionState)
    /// Media now flows to `remote`.
    case selectedPairChanged(local: STUNAddress, remote: STUNAddress)
    /// DTLS completed and SRTP is keyed with `profile`: media can flow.
    case secured(profile: SRTPProfile)
    /// A decrypted RTP packet from the peer.
    case rtp([UInt8])
    /// A decrypted RTCP compound packet from the peer.
    case rtcp([UInt8])
    /// The session failed for good (DTLS failure, fingerprint mismatch, ICE failed).
    case failed(reason: String)
    /// The peer closed DTLS (close_notify).
    case closed
}

/// A datagram the session wants sent: from a local base address to the peer. The same shape
/// as the ICE agent's output, so STUN, DTLS and SRTP datagrams leave through one type.
public typealias PeerTransmit = ICETransmit

/// Counters of one session's inputs, for stats and tests.
public struct PeerCounters: Sendable, Hashable {
    /// Datagrams dropped because they came from an address ICE has not validated.
    public var droppedUnvalidatedSource = 0
    /// Datagrams of a class WebRTC does not use here (ZRTP, unknown first byte).
    public var droppedUnknownClass = 0
    /// RTP/RTCP that arrived before DTLS keyed SRTP.
    public var droppedBeforeKeys = 0
    /// SRTP/SRTCP that failed authentication.
    public var authenticationFailures = 0
    /// SRTP/SRTCP replays dropped.
    public var replaysDropped = 0
    /// RTP/RTCP-classified datagrams too short or malformed to unprotect (not counted as
    /// authentication failures).
    public var malformedMedia = 0
    /// STUN datagrams that did not parse.
    public var malformedSTUN = 0

    /// Zeroed counters.
    public init() {}
}
