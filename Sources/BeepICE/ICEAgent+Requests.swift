import BeepSTUN
import BeepWire

/// Answering connectivity checks (RFC 8445 §7.3) in both modes.
extension ICEAgent {
    /// Handles a STUN message the driver received on `local` from `remote`: Binding requests
    /// are answered (RFC 8445 §7.3), responses complete the agent's own checks (§7.2.5),
    /// indications (keepalives, §11) are ignored. Anything malformed, unauthenticated or from
    /// an address the policy refuses leaves the agent's state unchanged (it is counted; a
    /// request may get a 400/401 answer, RFC 8489 §9.1.3).
    public func handleSTUN(_ message: STUNMessage, from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        guard connectionState != .closed else { return }
        lastInputTime = max(lastInputTime, now)
        guard message.method == .binding else {
            counters.droppedMalformed &+= 1
            return
        }
        switch message.messageClass {
        case .request:
            handleRequest(message, from: remote, to: local, now: now)
        case .successResponse, .errorResponse:
            handleResponse(message, from: remote, to: local, now: now)
        case .indication:
            break
        }
    }

    /// RFC 8445 §7.3: authenticate, resolve role conflicts, answer, then learn the peer
    /// address, queue a triggered check and follow nomination.
    func handleRequest(_ request: STUNMessage, from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        // RFC 8445 §7.2.2: checks carry FINGERPRINT; without a valid one the datagram is not
        // treated as ICE at all (RFC 8489 §7.3).
        guard request.hasValidFingerprint else {
            counters.droppedMalformed &+= 1
            return
        }
        guard configuration.addressPolicy.allows(remote), acceptsChecks(on: local) else {
            counters.droppedByPolicy &+= 1
            return
        }
        // RFC 8489 §9.1.3: no USERNAME or MESSAGE-INTEGRITY → 400; unknown user or a wrong
        // MAC → 401, both unsigned.
        guard let username = request.username, request.hasIntegrity, let priority = request.priority else {
            reject(request, .badRequest, from: local, to: remote)
            return
        }
        guard let credentials = acceptedCredentials(for: username),
              request.verifyIntegrity(key: .shortTerm(password: credentials.password)) else {
            reject(request, .unauthenticated, from: local, to: remote)
            return
        }
        if let unknown = request.unknownAttributeResponse() {
            counters.rejectedRequests &+= 1
            _ = send(unknown, from: local, to: remote, password: credentials.password)
            return
        }
        if credentials == localCredentials { previousLocalCredentials = nil }
        guard resolveRoleConflict(request, from: remote, to: local, password: credentials.password) else { return }

        // RFC 8445 §7.3.1.2: the success response reflects the source address.
        let response = request.successResponse(attributes: [.xorMappedAddress(remote)])
        _ = send(response, from: local, to: remote, password: credentials.password)
        counters.checksAnswered &+= 1

        let remoteCandidate = remoteCandidate(for: remote, priority: priority)
        let key = ICEPairKey(local: local, remote: remote)
        if isLite {
            handleLiteCheck(key: key, remoteCandidate: remoteCandidate, useCandidate: request.useCandidate, now: now)
        } else {
            handleFullCheck(key: key, remoteCandidate: remoteCandidate, useCandidate: request.useCandidate, now: now)
        }
    }

    /// The credentials whose ufrag is the first half of USERNAME "localUfrag:remoteUfrag"
    /// (RFC 8445 §7.3: only the local part is checked by the responder).
    func acceptedCredentials(for username: String) -> ICECredentials? {
        guard let ufrag = ICEUsername.split(username)?.receiver else { return nil }
        if ufrag == localCredentials.ufrag { return localCredentials }
        if let previous = previousLocalCredentials, ufrag == previous.ufrag { return previous }
        return nil
    }

    func reject(_ request: STUNMessage, _ error: STUNErrorCode, from local: STUNAddress, to remote: STUNAddress) {
        counters.rejectedRequests &+= 1
        _ = send(request.errorResponse(error), from: local, to: remote, password: nil)
    }

    /// RFC 8445 §7.3.1.1. Returns false when the request was answered with 487 Role Conflict
    /// and must not be processed further. A lite agent is always controlled (§6.1.1), so a
    /// peer that also claims to be controlled is told to switch.
    func resolveRoleConflict(_ request: STUNMessage, from remote: STUNAddress, to local: STUNAddress, password: String) -> Bool {
        if role == .controlling, let theirs = request.iceControlling {
            counters.roleConflicts &+= 1
            if tieBreaker >= theirs {
                _ = send(request.errorResponse(.roleConflict), from: local, to: remote, password: password)
                return false
            }
            switchRole(to: .controlled)
        } else if role == .controlled, let theirs = request.iceControlled {
            counters.roleConflicts &+= 1
            if !isLite, tieBreaker >= theirs {
                switchRole(to: .controlling)
            } else {
                _ = send(request.errorResponse(.roleConflict), from: local, to: remote, password: password)
                return false
            }
        }
        return true
    }

    /// Lite agent (RFC 8445 §2.5, §7.3, §8.2): every valid check makes the pair valid and
    /// refreshes consent on the selected pair; USE-CANDIDATE selects the pair. When the peer
    /// nominates a different pair, the most recent nomination wins, except that a pair of
    /// lower priority does not replace a selected pair nominated within the last second
    /// (an aggressively nominating peer puts USE-CANDIDATE on every check of every pair;
    /// RFC 8445 §8.1.1 lets the controlled agent keep the highest-priority nominated pair).
    func handleLiteCheck(key: ICEPairKey, remoteCandidate: ICECandidate, useCandidate: Bool, now: MonotonicTime) {
        if connectionState == .new { setState(.checking) }
        let selectedKey = selectedPair.map { ICEPairKey(local: $0.local, remote: $0.remote) }
        if key == selectedKey {
            lastConsent = now
            if useCandidate { lastSelectedNomination = now }
            if connectionState == .disconnected || restartPending {
                if useCandidate || !restartPending { select(key, now: now) }
            }
            return
        }
        guard useCandidate else { return }
        if let selectedKey, let lastNomination = lastSelectedNomination, now - lastNomination < .seconds(1),
           connectionState == .connected {
            let local = localCandidate(for: key.local)
            let current = remoteCandidates.first { $0.address == selectedKey.remote }
            let currentPriority = ICEPairPriority.compute(controlling: current?.priority ?? 0,
                                                          controlled: localCandidate(for: selectedKey.local).priority)
            let newPriority = ICEPairPriority.compute(controlling: remoteCandidate.priority, controlled: local.priority)
            guard newPriority > currentPriority else { return }
        }
        lastSelectedNomination = now
        select(key, now: now)
    }

    /// Full agent (RFC 8445 §7.3.1.4, §7.3.1.5): queue a triggered check for the pair unless
    /// it already succeeded or is in progress; when controlled, follow USE-CANDIDATE.
    func handleFullCheck(key: ICEPairKey, remoteCandidate: ICECandidate, useCandidate: Bool, now: MonotonicTime) {
        guard let pairKey = formPair(local: localCandidate(for: key.local), remote: remoteCandidate),
              var pair = pairs[pairKey] else { return }
        if connectionState == .new { setState(.checking) }
        switch pair.state {
        case .succeeded, .inProgress:
            break
        case .waiting, .frozen, .failed:
            pair.state = .waiting
            enqueueTriggeredCheck(pairKey, useCandidate: false)
        }
        if role == .controlled, useCandidate {
            if pair.state == .succeeded {
                pair.nominated = true
                pairs[pairKey] = pair
                select(pairKey, now: now)
                return
            }
            pair.nominateOnSuccess = true
        }
        pairs[pairKey] = pair
    }
}
