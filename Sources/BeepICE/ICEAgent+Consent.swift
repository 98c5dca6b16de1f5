import BeepSTUN
import BeepWire

/// Consent freshness (RFC 7675).
///
/// Full agents send a Binding request on the selected pair every 5 s × (0.8 … 1.2) (RFC 7675
/// §5.1), each retransmitted a few times (``ICETiming/consentRetransmissions``); any
/// authenticated success response on the pair refreshes consent. The agent reports
/// ``ICEConnectionState/disconnected`` once a consent check has gone unanswered for
/// ``ICETiming/disconnectedTimeout`` (measured from the send time of the oldest unanswered
/// check, so that the randomized interval alone never causes it), and
/// ``ICEConnectionState/failed`` when ``ICETiming/consentExpiry`` (30 s) has passed since the
/// last response (RFC 7675 §5.1), after which it stops sending.
///
/// Lite agents send no checks (RFC 8445 §2.5; RFC 7675 §4 makes consent the sender's job).
/// They treat every authenticated check from the peer on the selected pair as the sign of
/// life instead: disconnected after ``ICETiming/liteSilenceTimeout`` without one, failed after
/// ``ICETiming/consentExpiry``. Browsers send such checks every few seconds.
extension ICEAgent {
    /// The next consent interval: `consentInterval × (1 ± consentJitter)`, uniformly random.
    func jitteredConsentInterval() -> Duration {
        let timing = configuration.timing
        let factor = 1 + timing.consentJitter * (2 * randomUnit() - 1)
        return timing.consentInterval * max(factor, 0.01)
    }

    /// The earliest consent timer pending: the next check, the disconnect or expiry deadline
    /// (no allocation: polled for every session on each of its socket's timer runs).
    var earliestConsentDeadline: MonotonicTime? {
        guard selectedPair != nil, let last = lastConsent else { return nil }
        let timing = configuration.timing
        var earliest = last + timing.consentExpiry
        if connectionState == .connected {
            if isLite {
                earliest = min(earliest, last + timing.liteSilenceTimeout)
            } else if let oldest = oldestUnansweredConsent {
                earliest = min(earliest, oldest + timing.disconnectedTimeout)
            }
        }
        if !isLite, let next = nextConsentCheck { earliest = min(earliest, next) }
        return earliest
    }

    func sendConsentCheckIfDue(now: MonotonicTime) {
        guard !isLite, let selected = selectedPair, let due = nextConsentCheck, now >= due else { return }
        nextConsentCheck = now + jitteredConsentInterval()
        let key = ICEPairKey(local: selected.local, remote: selected.remote)
        // After a restart the check list no longer holds the pair; rebuild it without
        // registering anything.
        let pair = pairs[key] ?? ICECandidatePair(
            local: localCandidate(for: selected.local),
            remote: remoteCandidates.first { $0.address == selected.remote } ?? .peerReflexive(selected.remote, priority: 0))
        // Retransmitted like any STUN request (RFC 8489 §6.2.1), a few times, so that one lost
        // datagram does not make the pair look disconnected.
        if sendRequest(on: pair, purpose: .consent, retransmissions: configuration.timing.consentRetransmissions,
                       timeout: configuration.timing.initialRTO, now: now),
           oldestUnansweredConsent == nil {
            oldestUnansweredConsent = now
        }
    }

    func evaluateConsent(now: MonotonicTime) {
        guard selectedPair != nil, let last = lastConsent else { return }
        let timing = configuration.timing
        if now >= last + timing.consentExpiry {
            // RFC 7675 §5.1: consent expired, stop sending on the pair.
            selectedPair = nil
            nextConsentCheck = nil
            oldestUnansweredConsent = nil
            lastConsent = nil
            for (id, transaction) in transactions where transaction.purpose == .consent {
                transactions[id] = nil
            }
            setState(.failed)
            return
        }
        guard connectionState == .connected else { return }
        if isLite {
            if now >= last + timing.liteSilenceTimeout { setState(.disconnected) }
        } else if let oldest = oldestUnansweredConsent, now >= oldest + timing.disconnectedTimeout {
            setState(.disconnected)
        }
    }
}
