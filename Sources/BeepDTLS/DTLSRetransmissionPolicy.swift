/// The handshake retransmission timer (RFC 6347 §4.2.4.1): a flight that gets no answer
/// is sent again after `initialInterval`, then after doubling intervals capped at
/// `maximumInterval`; after `maximumRetransmissions` the handshake fails with `.timeout`
/// one interval after the last retransmission.
public struct DTLSRetransmissionPolicy: Hashable, Sendable {
    /// First retransmission delay; RFC 6347 §4.2.4.1 recommends 1 s.
    public var initialInterval: Duration
    /// Upper bound for the doubling delay; RFC 6347 §4.2.4.1 allows 60 s.
    public var maximumInterval: Duration
    /// Retransmissions of one flight before giving up.
    public var maximumRetransmissions: Int

    /// A policy with the given timer values.
    public init(initialInterval: Duration = .seconds(1), maximumInterval: Duration = .seconds(60),
                maximumRetransmissions: Int = 6) {
        self.initialInterval = initialInterval
        self.maximumInterval = maximumInterval
        self.maximumRetransmissions = maximumRetransmissions
    }

    /// RFC 6347 §4.2.4.1 values: 1 s doubling to 60 s, 6 retransmissions (the handshake
    /// fails about 2 minutes after the peer goes silent).
    public static let `default` = DTLSRetransmissionPolicy()
}
