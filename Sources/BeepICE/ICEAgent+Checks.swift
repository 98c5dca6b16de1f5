import BeepSTUN
import BeepWire

/// Sending connectivity checks and handling their responses (RFC 8445 §6.1.4, §7.2; full
/// mode only).
extension ICEAgent {
    /// True when a paced check could be sent: remote credentials are known and a triggered
    /// check or a Waiting pair exists (RFC 8445 §6.1.4.2).
    var hasPendingChecks: Bool {
        guard !isLite, remoteCredentials != nil, connectionState != .closed else { return false }
        return !triggeredChecks.isEmpty || pairs.values.contains { $0.state == .waiting }
    }

    func enqueueTriggeredCheck(_ key: ICEPairKey, useCandidate: Bool) {
        guard !triggeredChecks.contains(where: { $0.pair == key && $0.useCandidate == useCandidate }) else { return }
        triggeredChecks.append((pair: key, useCandidate: useCandidate))
    }

    /// Sends at most one check per Ta (RFC 8445 §6.1.4.2): the oldest triggered check, else the
    /// highest-priority Waiting pair.
    func sendPacedCheck(now: MonotonicTime) {
        guard hasPendingChecks, now >= nextPacingTime else { return }
        while !triggeredChecks.isEmpty {
            let next = triggeredChecks.removeFirst()
            if pairs[next.pair] != nil {
                sendCheck(next.pair, useCandidate: next.useCandidate, now: now)
                nextPacingTime = now + configuration.timing.pacing
                return
            }
        }
        let waiting = pairs.values.filter { $0.state == .waiting }
        guard let best = waiting.max(by: { isOrderedBefore($0, $1) }) else { return }
        sendCheck(best.key, useCandidate: false, now: now)
        nextPacingTime = now + configuration.timing.pacing
    }

    /// Orders pairs by priority, then by addresses so that ties are deterministic.
    func isOrderedBefore(_ lhs: ICECandidatePair, _ rhs: ICECandidatePair) -> Bool {
        let left = lhs.priority(localRole: role)
        let right = rhs.priority(localRole: role)
        if left != right { return left < right }
        return lhs.key.remote.description + lhs.key.local.description
            < rhs.key.remote.description + rhs.key.local.description
    }

    /// Builds and sends a Binding request for `key` (RFC 8445 §7.2.2): USERNAME
    /// "remoteUfrag:localUfrag", PRIORITY as a peer-reflexive candidate (§7.1.1), the role
    /// attribute with the tie-breaker (§7.1.3), USE-CANDIDATE when nominating (§7.1.2),
    /// MESSAGE-INTEGRITY with the remote password and FINGERPRINT.
    func sendCheck(_ key: ICEPairKey, useCandidate: Bool, now: MonotonicTime) {
        guard let pair = pairs[key] else { return }
        let purpose = ICETransaction.Purpose.check(useCandidate: useCandidate)
        guard sendRequest(on: pair, purpose: purpose, retransmissions: configuration.timing.checkRetransmissions,
                          timeout: configuration.timing.initialRTO, now: now) else { return }
        pairs[key]?.state = .inProgress
        if useCandidate { nominatingPair = key }
        if connectionState == .new { setState(.checking) }
    }

    /// Sends one Binding request on `pair` and records its transaction. Returns false when
    /// the remote credentials are unknown.
    @discardableResult
    func sendRequest(on pair: ICECandidatePair, purpose: ICETransaction.Purpose, retransmissions: Int,
                     timeout: Duration, now: MonotonicTime) -> Bool {
        guard let remote = remoteCredentials else { return false }
        let localPreference = UInt16(truncatingIfNeeded: pair.local.priority >> 8)
        var attributes: [STUNAttribute] = [
            .username("\(remote.ufrag):\(localCredentials.ufrag)"),
            .priority(ICECandidate.priority(kind: .peerReflexive, localPreference: localPreference,
                                            component: pair.local.component)),
            role == .controlling ? .iceControlling(tieBreaker: tieBreaker) : .iceControlled(tieBreaker: tieBreaker),
        ]
        if purpose == .check(useCandidate: true) { attributes.append(.useCandidate) }
        let transactionID = randomTransactionID()
        let request = STUNMessage(method: .binding, messageClass: .request, transactionID: transactionID,
                                  attributes: attributes)
        guard let bytes = send(request, from: pair.key.local, to: pair.key.remote, password: remote.password) else {
            return false
        }
        counters.checksSent &+= 1
        transactions[transactionID] = ICETransaction(pair: pair.key, purpose: purpose, bytes: bytes,
                                                     remotePassword: remote.password, role: role,
                                                     deadline: now + timeout, rto: timeout,
                                                     retransmissionsLeft: retransmissions)
        return true
    }

    /// Retransmits due requests with a doubling RTO (RFC 8489 §6.2.1, capped) and fails the
    /// pairs of checks that ran out of retransmissions (RFC 8445 §7.2.5.2.1 … a timed-out check fails its pair).
    func processTransactionTimeouts(now: MonotonicTime) {
        let due = transactions.filter { $0.value.deadline <= now }
            .sorted { ($0.value.deadline, $0.key.high, $0.key.low) < ($1.value.deadline, $1.key.high, $1.key.low) }
        for (id, transaction) in due {
            var updated = transaction
            if updated.retransmissionsLeft > 0 {
                updated.retransmissionsLeft -= 1
                updated.rto = min(updated.rto * 2, configuration.timing.maximumRTO)
                updated.deadline = now + updated.rto
                transactions[id] = updated
                emit(ICETransmit(source: updated.pair.local, destination: updated.pair.remote,
                                 bytes: updated.bytes))
                counters.checksSent &+= 1
                continue
            }
            transactions[id] = nil
            if case .check = updated.purpose { checkFailed(updated.pair) }
        }
    }

    /// A check on `key` failed. The pair fails only when no other check on it (a triggered
    /// or nominating one sent meanwhile) is still outstanding.
    func checkFailed(_ key: ICEPairKey) {
        let stillChecking = transactions.values.contains {
            $0.pair == key && { if case .check = $0 { true } else { false } }($0.purpose)
        }
        guard !stillChecking else { return }
        if pairs[key]?.state == .inProgress { pairs[key]?.state = .failed }
        if nominatingPair == key { nominatingPair = nil }
        evaluateChecklistFailure()
    }

    /// A response to one of the agent's requests (RFC 8445 §7.2.5). Responses that match no
    /// transaction or fail MESSAGE-INTEGRITY with the password the request used are ignored
    /// and leave the transaction running (RFC 8489 §9.1.4); an unsigned error response other
    /// than 487 fails the check (a 401 cannot be signed).
    func handleResponse(_ response: STUNMessage, from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        guard let transaction = transactions[response.transactionID],
              !response.hasFingerprint || response.hasValidFingerprint else {
            counters.ignoredResponses &+= 1
            return
        }
        if transaction.purpose == .gathering {
            transactions[response.transactionID] = nil
            if response.messageClass == .successResponse {
                handleGatheringSuccess(response, transaction: transaction, from: remote, to: local)
            }
            return
        }
        let authentic = response.verifyIntegrity(key: .shortTerm(password: transaction.remotePassword))
        if response.messageClass == .successResponse {
            guard authentic else {
                counters.ignoredResponses &+= 1
                return
            }
            transactions[response.transactionID] = nil
            handleSuccess(transaction, from: remote, to: local, now: now)
        } else {
            let isRoleConflict = response.errorCode?.code == STUNErrorCode.roleConflict.code
            guard authentic || !isRoleConflict else {
                counters.ignoredResponses &+= 1
                return
            }
            transactions[response.transactionID] = nil
            guard case .check = transaction.purpose else { return }
            if isRoleConflict {
                // RFC 8445 §7.2.5.1: take the opposite of the role the request claimed (once),
                // then check the pair again.
                counters.roleConflicts &+= 1
                if transaction.role == role { switchRole(to: role.opposite) }
                pairs[transaction.pair]?.state = .waiting
                if nominatingPair == transaction.pair { nominatingPair = nil }
                enqueueTriggeredCheck(transaction.pair, useCandidate: false)
            } else {
                checkFailed(transaction.pair)
            }
        }
    }

    /// RFC 8445 §7.2.5.2.1-§7.2.5.3: a success from the address the check went to makes the
    /// pair valid; a nominating check selects it. (The mapped address may name a
    /// peer-reflexive local candidate; media is sent from the base, so the pair keeps the base.)
    func handleSuccess(_ transaction: ICETransaction, from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        let key = transaction.pair
        guard remote == key.remote, local == key.local else {
            if case .check = transaction.purpose { checkFailed(key) }
            return
        }
        if selectedPair == ICESelectedPair(local: key.local, remote: key.remote) {
            lastConsent = now
            oldestUnansweredConsent = nil
            if connectionState == .disconnected { setState(.connected) }
        }
        guard case .check(let useCandidate) = transaction.purpose, var pair = pairs[key] else { return }
        pair.state = .succeeded
        if firstValidPairTime == nil { firstValidPairTime = now }
        let nominate = (useCandidate && transaction.role == .controlling && role == .controlling)
            || (role == .controlled && pair.nominateOnSuccess)
        if nominate { pair.nominated = true }
        pairs[key] = pair
        if useCandidate, nominatingPair == key { nominatingPair = nil }
        if nominate {
            select(key, now: now)
        } else {
            nominateIfReady(now: now)
        }
    }

    /// When a controlling full agent nominates (RFC 8445 §8.1.1, regular nomination): once the
    /// highest-priority valid pair has no pending pair of higher priority, or
    /// ``ICETiming/nominationDelay`` after the first valid pair.
    var nominationDeadline: MonotonicTime? {
        guard !isLite, role == .controlling, nominatingPair == nil, !hasNominatedPair,
              let first = firstValidPairTime, pairs.values.contains(where: { $0.state == .succeeded }) else { return nil }
        return first + configuration.timing.nominationDelay
    }

    var hasNominatedPair: Bool { pairs.values.contains { $0.nominated } }

    func nominateIfReady(now: MonotonicTime) {
        guard !isLite, role == .controlling, nominatingPair == nil, !hasNominatedPair else { return }
        let valid = pairs.values.filter { $0.state == .succeeded }
        guard let best = valid.max(by: { isOrderedBefore($0, $1) }) else { return }
        let bestPriority = best.priority(localRole: role)
        let higherPending = pairs.values.contains {
            ($0.state == .waiting || $0.state == .inProgress || $0.state == .frozen)
                && $0.priority(localRole: role) > bestPriority
        }
        let waitedEnough = nominationDeadline.map { now >= $0 } ?? true
        guard !higherPending || waitedEnough else { return }
        nominatingPair = best.key
        enqueueTriggeredCheck(best.key, useCandidate: true)
    }

    /// RFC 8445 §8.1.2 (no nominated pair can come): every pair failed after end-of-candidates.
    func evaluateChecklistFailure() {
        guard !isLite, remoteCandidatesComplete, selectedPair == nil,
              connectionState == .checking || connectionState == .new else { return }
        let pending = pairs.values.contains { $0.state != .failed }
        // A relayed candidate still being allocated will form pairs (RFC 8445 §6.1.2.2):
        // gathering is not complete, so the check list has not failed yet.
        guard !pending, !isGatheringRelays, triggeredChecks.isEmpty else { return }
        setState(.failed)
    }
}
