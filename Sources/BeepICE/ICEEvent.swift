import BeepSTUN
import BeepTURN

/// Something the ``ICEAgent`` reports; drain with ``ICEAgent/pollEvent()`` after each input.
public enum ICEEvent: Sendable, Hashable {
    /// The connection state changed.
    case connectionStateChanged(ICEConnectionState)
    /// Media should now flow between these local (base) and remote addresses.
    case selectedPairChanged(local: STUNAddress, remote: STUNAddress)
    /// The role changed after a role conflict (RFC 8445 §7.2.5.1, §7.3.1.1).
    case roleChanged(ICERole)
    /// A server-reflexive local candidate was gathered (RFC 8445 §5.1.1.2): signal it to the
    /// peer (trickle ICE, RFC 8838 §9).
    case localCandidateGathered(ICECandidate)
    /// A peer-reflexive remote candidate was learnt from a check (RFC 8445 §7.3.1.3).
    case peerReflexiveCandidate(ICECandidate)
    /// A remote candidate was not paired (policy, unresolved or `.local` mDNS name, wrong
    /// family, duplicate); the reason is for logs.
    case remoteCandidateIgnored(reason: String)
}

/// A datagram the agent wants sent: from `source` (a local base address the driver owns) to
/// `destination`.
public struct ICETransmit: Sendable, Hashable {
    /// The local address to send from.
    public var source: STUNAddress
    /// The remote address to send to.
    public var destination: STUNAddress
    /// The serialized STUN message (or, toward a TURN server, a TURN message or ChannelData).
    public var bytes: [UInt8]
    /// How to send it: a UDP datagram from `source`, or (toward a TURN server configured with
    /// TCP or TLS) bytes written on the driver's connection to `destination`.
    public var transport: TURNTransport

    /// A transmit from its parts.
    public init(source: STUNAddress, destination: STUNAddress, bytes: [UInt8], transport: TURNTransport = .udp) {
        self.source = source
        self.destination = destination
        self.bytes = bytes
        self.transport = transport
    }
}

/// Counters of input the agent refused or ignored, for metrics and tests.
public struct ICECounters: Sendable, Hashable {
    /// Checks from an address the ``ICEAddressPolicy`` does not allow (dropped, no answer).
    public var droppedByPolicy = 0
    /// STUN messages that are not Binding, lack or fail FINGERPRINT, or are indications.
    public var droppedMalformed = 0
    /// Requests answered 400 (no USERNAME or MESSAGE-INTEGRITY) or 401 (unknown ufrag, bad
    /// MESSAGE-INTEGRITY) — RFC 8489 §9.1.3.
    public var rejectedRequests = 0
    /// Responses that match no outstanding transaction or fail integrity.
    public var ignoredResponses = 0
    /// Remote candidates not paired.
    public var ignoredCandidates = 0
    /// Role conflicts seen (RFC 8445 §7.2.5.1, §7.3.1.1).
    public var roleConflicts = 0
    /// Valid checks answered with a success response.
    public var checksAnswered = 0
    /// Checks (including consent checks) sent, retransmissions included.
    public var checksSent = 0
    /// Datagrams from a relayed candidate the TURN client could not send (no allocation).
    public var droppedRelaySends = 0

    /// All zero.
    public init() {}
}
