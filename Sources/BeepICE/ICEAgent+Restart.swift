import BeepSTUN
import BeepWire

/// ICE restart (RFC 8445 §9).
extension ICEAgent {
    /// Restarts ICE with new local credentials (RFC 8445 §9): the remote candidates, check
    /// list and outstanding checks are discarded, the previous local credentials stay
    /// accepted until the peer uses the new ufrag, and the selected pair keeps carrying media
    /// (and consent checks) until a pair is nominated again, which is then reported with
    /// ``ICEEvent/selectedPairChanged(local:remote:)`` even when the addresses are unchanged.
    /// Set the peer's new credentials with ``setRemoteCredentials(_:)`` and trickle its
    /// candidates again. Works from ``ICEConnectionState/failed`` too; a full agent reports
    /// ``ICEConnectionState/checking`` until the new nomination.
    public func restart(localCredentials newCredentials: ICECredentials, now: MonotonicTime) {
        guard connectionState != .closed else { return }
        if newCredentials != localCredentials { previousLocalCredentials = localCredentials }
        localCredentials = newCredentials
        remoteCandidates.removeAll()
        remoteCandidatesComplete = false
        pairs.removeAll()
        triggeredChecks.removeAll()
        for (id, transaction) in transactions where transaction.purpose != .consent {
            transactions[id] = nil
        }
        nominatingPair = nil
        firstValidPairTime = nil
        restartPending = true
        nextPacingTime = now
        if !isLite { setState(.checking) }
    }
}
