/// How an ``ICEAgent`` behaves: mode, initial role, credentials, address policy and timers.
public struct ICEAgentConfiguration: Sendable {
    /// Lite or full implementation (RFC 8445 §2.5).
    public enum Mode: Sendable, Hashable {
        /// ICE lite (RFC 8445 §2.5): host candidates only, answers checks, never sends them,
        /// always controlled. The SFU runs this mode.
        case lite
        /// Full ICE (RFC 8445 §6-§8): forms pairs, sends paced checks, nominates when
        /// controlling, sends consent checks (RFC 7675). `beep-bot` runs this mode.
        case full
    }

    /// Lite or full.
    public var mode: Mode
    /// The initial role; ignored in lite mode, which is always controlled (RFC 8445 §6.1.1).
    public var role: ICERole
    /// The local ufrag and password.
    public var localCredentials: ICECredentials
    /// Which remote addresses may be paired and answered.
    public var addressPolicy: ICEAddressPolicy
    /// Timers (pacing, retransmission, consent).
    public var timing: ICETiming
    /// TURN servers for relayed candidates (full mode, ``ICEAgent/gatherRelayCandidates(now:)``).
    public var turnServers: [ICETURNServer] = []
    /// Which local candidates may carry checks and media: all, or relayed only (the W3C
    /// `iceTransportPolicy: "relay"`).
    public var transportPolicy: ICETransportPolicy = .all

    /// A configuration; `role` defaults to controlling for full agents (the bot) and is
    /// forced to controlled for lite agents.
    public init(mode: Mode, role: ICERole = .controlling, localCredentials: ICECredentials,
                addressPolicy: ICEAddressPolicy = .any, timing: ICETiming = ICETiming()) {
        self.mode = mode
        self.role = mode == .lite ? .controlled : role
        self.localCredentials = localCredentials
        self.addressPolicy = addressPolicy
        self.timing = timing
    }
}

/// The timers of an ``ICEAgent``.
public struct ICETiming: Sendable, Hashable {
    /// Ta, the pacing interval between checks (RFC 8445 §14.2: 50 ms by default).
    public var pacing: Duration = .milliseconds(50)
    /// The initial retransmission timeout of a check (RFC 8445 §14.3: at least 500 ms).
    public var initialRTO: Duration = .milliseconds(500)
    /// The RTO doubles per retransmission up to this cap (as WebRTC stacks do, so that a check
    /// gives up in seconds rather than the 39.5 s of plain RFC 8489 §6.2.1).
    public var maximumRTO: Duration = .milliseconds(1600)
    /// Retransmissions of a check after the first send (RFC 8489 §6.2.1 Rc − 1 = 6).
    public var checkRetransmissions: Int = 6
    /// After the first pair succeeds, how long the controlling agent waits for a pair of
    /// higher priority before nominating the best valid pair (RFC 8445 §8.1.1 leaves the
    /// stopping criterion to the agent).
    public var nominationDelay: Duration = .milliseconds(500)
    /// The basic period of consent checks (RFC 7675 §5.1: 5 s) ...
    public var consentInterval: Duration = .seconds(5)
    /// ... randomized to 1 ± this fraction of itself for each check (RFC 7675 §5.1: 0.2).
    public var consentJitter: Double = 0.2
    /// Retransmissions of each consent check (RTO as for checks: 0.5, 1, 1.6, 1.6 s), so a
    /// single lost datagram does not trigger ``ICEConnectionState/disconnected``.
    public var consentRetransmissions: Int = 4
    /// A full agent reports ``ICEConnectionState/disconnected`` when a consent check has gone
    /// unanswered this long (with no response since).
    public var disconnectedTimeout: Duration = .seconds(5)
    /// A lite agent (which sends no checks, RFC 7675 §4 leaves consent to the sender) reports
    /// ``ICEConnectionState/disconnected`` after this long without a valid check from the peer on
    /// the selected pair: two missed consent checks of a peer that sends every 5 s ± 20%.
    public var liteSilenceTimeout: Duration = .seconds(12)
    /// Consent expires after this long without a response (full) or valid check (lite):
    /// ``ICEConnectionState/failed`` (RFC 7675 §5.1: 30 s).
    public var consentExpiry: Duration = .seconds(30)

    /// The default timers.
    public init() {}
}
