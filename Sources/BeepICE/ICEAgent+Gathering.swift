import BeepSTUN
import BeepWire

/// Server-reflexive candidate gathering with a STUN Binding client (RFC 8445 §5.1.1.2,
/// RFC 8489 §6.2.1 retransmissions). Full mode only: lite agents use host candidates alone
/// (RFC 8445 §2.5).
extension ICEAgent {
    /// Sends a Binding request from every host candidate to the STUN server `server`. Each
    /// success reports ``ICEEvent/localCandidateGathered(_:)`` with a server-reflexive
    /// candidate (unless the mapped address equals the base, i.e. no NAT); failures and
    /// timeouts are silent. Nothing is sent to a server outside the ``ICEAddressPolicy``.
    /// Server-reflexive candidates are signalled, not paired: checks are sent from their base
    /// (RFC 8445 §6.1.2.4).
    public func gatherServerReflexiveCandidates(server: STUNAddress, now: MonotonicTime) {
        guard !isLite, connectionState != .closed, configuration.addressPolicy.allows(server) else { return }
        lastInputTime = max(lastInputTime, now)
        for base in localCandidates where base.kind == .host && base.address.family == server.family {
            let transactionID = randomTransactionID()
            let request = STUNMessage(method: .binding, messageClass: .request, transactionID: transactionID)
            guard let bytes = send(request, from: base.address, to: server, password: nil) else { continue }
            transactions[transactionID] = ICETransaction(
                pair: ICEPairKey(local: base.address, remote: server), purpose: .gathering, bytes: bytes,
                remotePassword: "", role: role, deadline: now + configuration.timing.initialRTO,
                rto: configuration.timing.initialRTO, retransmissionsLeft: configuration.timing.checkRetransmissions)
        }
    }

    /// A success response to a gathering request: the XOR-MAPPED-ADDRESS (or MAPPED-ADDRESS
    /// from an RFC 3489 server) becomes a server-reflexive candidate of the base.
    func handleGatheringSuccess(_ response: STUNMessage, transaction: ICETransaction,
                                from remote: STUNAddress, to local: STUNAddress) {
        guard remote == transaction.pair.remote, local == transaction.pair.local,
              let mapped = response.xorMappedAddress ?? response.mappedAddress,
              mapped != transaction.pair.local,
              !localCandidates.contains(where: { $0.address == mapped }) else { return }
        let base = localCandidate(for: transaction.pair.local)
        let localPreference = UInt16(truncatingIfNeeded: base.priority >> 8)
        let candidate = ICECandidate.serverReflexive(mapped, base: base.address, server: remote,
                                                     localPreference: localPreference, component: base.component)
        localCandidates.append(candidate)
        events.append(.localCandidateGathered(candidate))
    }
}
