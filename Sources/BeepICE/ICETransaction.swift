import BeepSTUN
import BeepWire

/// An outstanding Binding request the agent sent: a connectivity check or a consent check.
struct ICETransaction {
    /// What the request is for.
    enum Purpose: Equatable {
        /// A connectivity check (RFC 8445 §7.2.4), nominating when `useCandidate`.
        case check(useCandidate: Bool)
        /// A consent freshness check (RFC 7675 §5.1).
        case consent
        /// A plain Binding request to a STUN server from a host candidate, to learn its
        /// server-reflexive address (RFC 8445 §5.1.1.2).
        case gathering
    }

    var pair: ICEPairKey
    var purpose: Purpose
    /// The serialized request, resent unchanged on retransmission (RFC 8489 §6.2.1).
    var bytes: [UInt8]
    /// The password responses must be signed with (the peer's, at send time).
    var remotePassword: String
    /// The role the request claimed (ICE-CONTROLLING or ICE-CONTROLLED).
    var role: ICERole
    /// When the next retransmission (or the give-up) is due.
    var deadline: MonotonicTime
    /// The current retransmission timeout.
    var rto: Duration
    /// Retransmissions still allowed.
    var retransmissionsLeft: Int
}
