import BeepSRTP

/// What a `DTLSEndpoint` reports through `pollEvent()`.
public enum DTLSEvent: Hashable, Sendable {
    /// The handshake completed and the peer's certificate matched the expected
    /// fingerprint: SRTP keys for the negotiated profile, split for this endpoint's role
    /// (RFC 5764 §4.2), and the fingerprint of the certificate the peer presented.
    case connected(keys: SRTPKeys, remoteFingerprint: DTLSFingerprint)
    /// Application data from the peer (e.g. SCTP for data channels, RFC 8261).
    case applicationData([UInt8])
    /// The handshake or the connection failed; the endpoint is finished.
    case failed(DTLSError)
    /// The peer sent close_notify (RFC 5246 §7.2.1); the endpoint answered with its own
    /// and is finished.
    case closed
}

/// The lifecycle of a `DTLSEndpoint`.
public enum DTLSState: Hashable, Sendable {
    /// Created, `start(now:)` not called yet.
    case new
    /// Handshake flights in progress (RFC 6347 §4.2.4).
    case handshaking
    /// Keys exported; application data may flow.
    case connected
    /// Closed by either side with close_notify.
    case closed
    /// Failed; see the `.failed` event.
    case failed
}
