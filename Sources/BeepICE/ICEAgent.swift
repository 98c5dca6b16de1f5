import BeepSTUN
import BeepTURN
import BeepWire

/// A sans-IO ICE agent (RFC 8445) for one data stream with one component (BUNDLE and
/// rtcp-mux), in lite mode for the SFU or full mode for bots and tests, with consent
/// freshness (RFC 7675) and ICE restart (RFC 8445 §9).
///
/// The agent never touches sockets or clocks. The driver feeds it parsed STUN messages with
/// ``handleSTUN(_:from:to:now:)`` and calls ``handleTimeout(now:)`` when ``pollTimeout()`` is
/// due; after each input it drains ``pollTransmit()`` and ``pollEvent()`` until nil.
///
/// Randomness (tie-breaker, transaction IDs, consent jitter) comes from the generator given to
/// the initializer, so tests with a seeded generator are deterministic.
///
/// Single owner: the class is not Sendable; keep it on one event loop or task.
public final class ICEAgent {
    /// The configuration the agent was created with (credentials change with ``restart(localCredentials:now:)``).
    public let configuration: ICEAgentConfiguration
    /// The current role.
    public internal(set) var role: ICERole
    /// The 64-bit tie-breaker for role conflicts (RFC 8445 §7.3.1.1), random per agent.
    public let tieBreaker: UInt64
    /// The local ufrag and password in use.
    public internal(set) var localCredentials: ICECredentials
    /// The peer's ufrag and password, once known from signalling.
    public internal(set) var remoteCredentials: ICECredentials?
    /// The connection state.
    public internal(set) var connectionState: ICEConnectionState = .new
    /// The local candidates given with ``addLocalCandidate(_:)``.
    public internal(set) var localCandidates: [ICECandidate] = []
    /// The remote candidates: signalled ones and peer-reflexive ones learnt from checks.
    public internal(set) var remoteCandidates: [ICECandidate] = []
    /// The pair media flows on, nil before the first nomination and after failure.
    public internal(set) var selectedPair: ICESelectedPair?
    /// Counters of refused and ignored input.
    public internal(set) var counters = ICECounters()
    /// True once ``endOfRemoteCandidates()`` was called (trickle ICE, RFC 8838 §13).
    public internal(set) var remoteCandidatesComplete = false

    var random: any RandomNumberGenerator
    /// Credentials accepted in incoming checks: the current ones, and during a restart the
    /// previous ones until the peer uses the new ufrag.
    var previousLocalCredentials: ICECredentials?
    var pairs: [ICEPairKey: ICECandidatePair] = [:]
    var triggeredChecks: [(pair: ICEPairKey, useCandidate: Bool)] = []
    var transactions: [STUNTransactionID: ICETransaction] = [:]
    var transmits: [ICETransmit] = []
    var events: [ICEEvent] = []
    var nextPacingTime: MonotonicTime
    var firstValidPairTime: MonotonicTime?
    var nominatingPair: ICEPairKey?
    /// Set by a restart so that the next selection is reported even when the addresses stay.
    var restartPending = false
    /// The last consent proof on the selected pair: a response (full) or valid check (lite).
    var lastConsent: MonotonicTime?
    /// Full mode: when the next consent check is due.
    var nextConsentCheck: MonotonicTime?
    /// Full mode: the send time of the oldest consent check unanswered since `lastConsent`.
    var oldestUnansweredConsent: MonotonicTime?
    /// Lite mode: the last time the selected pair was nominated (USE-CANDIDATE).
    var lastSelectedNomination: MonotonicTime?
    /// Full mode: one TURN client per configured TURN server (``ICEAgent/gatherRelayCandidates(now:)``).
    var relays: [ICERelay] = []
    /// Application data that arrived through a relay, for ``ICEAgent/pollRelayedData()``.
    var relayedData: [ICERelayedDatagram] = []
    /// The time of the latest input, used for TURN work triggered by calls without `now`.
    var lastInputTime: MonotonicTime

    /// An agent with the given configuration, using the system's random generator.
    public convenience init(configuration: ICEAgentConfiguration, now: MonotonicTime) {
        self.init(configuration: configuration, now: now, random: SystemRandomNumberGenerator())
    }

    /// An agent drawing its tie-breaker, transaction IDs and consent jitter from `random`.
    public init(configuration: ICEAgentConfiguration, now: MonotonicTime, random: some RandomNumberGenerator) {
        var generator = random
        self.configuration = configuration
        self.role = configuration.mode == .lite ? .controlled : configuration.role
        self.localCredentials = configuration.localCredentials
        self.tieBreaker = generator.next()
        self.random = generator
        self.nextPacingTime = now
        self.lastInputTime = now
    }

    /// True for a lite agent.
    public var isLite: Bool { configuration.mode == .lite }

    /// Sets the peer's ufrag and password from its SDP (RFC 8839 §5.4). Checks start once
    /// they are known (full mode).
    public func setRemoteCredentials(_ credentials: ICECredentials) {
        remoteCredentials = credentials
    }

    /// The next datagram to send, or nil when there is none.
    public func pollTransmit() -> ICETransmit? {
        transmits.isEmpty ? nil : transmits.removeFirst()
    }

    /// The next event, or nil when there is none.
    public func pollEvent() -> ICEEvent? {
        events.isEmpty ? nil : events.removeFirst()
    }

    /// The earliest time ``handleTimeout(now:)`` has work to do, or nil when nothing is
    /// scheduled. The time may already have passed.
    public func pollTimeout() -> MonotonicTime? {
        guard connectionState != .closed else { return nil }
        var earliest = MonotonicTime.earliest(nominationDeadline, earliestConsentDeadline)
        if hasPendingChecks { earliest = .earliest(earliest, nextPacingTime) }
        for transaction in transactions.values { earliest = .earliest(earliest, transaction.deadline) }
        for relay in relays { earliest = .earliest(earliest, relay.client.pollTimeout()) }
        return earliest
    }

    /// Runs every timer that is due at `now`: retransmissions and check timeouts, paced
    /// checks (RFC 8445 §6.1.4.2), nomination, consent checks and consent expiry (RFC 7675).
    public func handleTimeout(now: MonotonicTime) {
        guard connectionState != .closed else { return }
        lastInputTime = max(lastInputTime, now)
        handleRelayTimeouts(now: now)
        processTransactionTimeouts(now: now)
        sendPacedCheck(now: now)
        nominateIfReady(now: now)
        sendConsentCheckIfDue(now: now)
        evaluateConsent(now: now)
        evaluateChecklistFailure()
    }

    /// Closes the agent: no more checks, responses or events after `.closed`.
    public func close() {
        guard connectionState != .closed else { return }
        transactions.removeAll()
        triggeredChecks.removeAll()
        transmits.removeAll()
        selectedPair = nil
        nextConsentCheck = nil
        releaseRelays()
        setState(.closed)
    }

    // MARK: - Internal helpers

    func setState(_ state: ICEConnectionState) {
        guard state != connectionState else { return }
        connectionState = state
        events.append(.connectionStateChanged(state))
    }

    func switchRole(to newRole: ICERole) {
        guard newRole != role else { return }
        role = newRole
        if newRole == .controlled { nominatingPair = nil }
        events.append(.roleChanged(newRole))
    }

    func send(_ message: STUNMessage, from source: STUNAddress, to destination: STUNAddress, password: String?) -> [UInt8]? {
        let key = password.map { STUNIntegrityKey.shortTerm(password: $0) }
        guard let bytes = try? message.serialize(integrity: key, fingerprint: true) else { return nil }
        emit(ICETransmit(source: source, destination: destination, bytes: bytes))
        return bytes
    }

    func randomTransactionID() -> STUNTransactionID {
        STUNTransactionID(high: UInt32(truncatingIfNeeded: random.next()), low: random.next())
    }

    /// A uniformly random number in [0, 1).
    func randomUnit() -> Double {
        Double(random.next() >> 11) / Double(UInt64(1) << 53)
    }

    /// Selects `key` as the pair media uses and reports it (RFC 8445 §8.1.1, §8.2).
    func select(_ key: ICEPairKey, now: MonotonicTime) {
        let pair = ICESelectedPair(local: key.local, remote: key.remote)
        if pair != selectedPair || restartPending {
            selectedPair = pair
            restartPending = false
            events.append(.selectedPairChanged(local: key.local, remote: key.remote))
        }
        lastConsent = now
        oldestUnansweredConsent = nil
        bindRelayChannel(for: key, now: now)
        if !isLite, nextConsentCheck == nil {
            nextConsentCheck = now + jitteredConsentInterval()
        }
        setState(.connected)
    }
}
