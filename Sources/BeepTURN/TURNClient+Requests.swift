import BeepSTUN
import BeepWire

/// Sending requests with long-term credentials and retransmitting them (RFC 8489 §6.2,
/// §9.2.4).
extension TURNClient {
    /// Builds, signs and sends a request as a new transaction. USERNAME, REALM, NONCE (and
    /// PASSWORD-ALGORITHMS/PASSWORD-ALGORITHM when the server offered them) and
    /// MESSAGE-INTEGRITY are added once the challenge is known (RFC 8489 §9.2.4).
    mutating func startTransaction(_ kind: TURNClientTransaction.Kind, attributes: [STUNAttribute],
                                   now: MonotonicTime, staleNonceRetries: Int = 0) {
        let transactionID = STUNTransactionID.random(using: &generator)
        var all = attributes
        if let authentication {
            all.append(.username(configuration.username))
            all.append(.realm(authentication.realm))
            all.append(.nonce(authentication.nonce))
            if let offered = authentication.offeredAlgorithms, let chosen = authentication.chosenAlgorithm {
                all.append(.passwordAlgorithms(offered))
                all.append(.passwordAlgorithm(chosen))
            }
        }
        if let software = configuration.software { all.append(.software(software)) }
        let request = STUNMessage(method: kind.method, messageClass: .request, transactionID: transactionID, attributes: all)
        let key = authentication?.key
        let bytes: [UInt8]
        do {
            bytes = try request.serialize(integrity: key, fingerprint: configuration.fingerprint)
        } catch {
            requestFailed(kind, TURNClientError(.encodingFailed, "\(kind.method) request: \(error)"), now: now)
            return
        }
        let stream = configuration.transport.isStream
        let retransmissions = stream ? 0 : max(0, configuration.retransmissions)
        let transaction = TURNClientTransaction(
            kind: kind, attributes: attributes, bytes: bytes, key: key,
            deadline: now + firstWait(retransmissions: retransmissions), rto: configuration.initialRTO,
            retransmissionsLeft: retransmissions, staleNonceRetries: staleNonceRetries)
        transactions[transactionID] = transaction
        statistics.requestsSent &+= 1
        transmits.append(bytes)
    }

    /// The wait after the first send: one RTO when retransmissions follow, else the final
    /// wait (Rm × RTO over UDP, Ti over a stream).
    private func firstWait(retransmissions: Int) -> Duration {
        if configuration.transport.isStream { return configuration.streamTransactionTimeout }
        return retransmissions > 0 ? configuration.initialRTO : finalWait
    }

    /// Rm × the initial RTO (RFC 8489 §6.2.1: 16 × 500 ms = 8 s).
    var finalWait: Duration { configuration.initialRTO * max(1, configuration.finalWaitMultiplier) }

    /// Retransmits due requests with a doubling RTO (RFC 8489 §6.2.1: sends at 0, 0.5, 1.5,
    /// 3.5, 7.5, 15.5, 31.5 s and a give-up at 39.5 s by default) and fails the ones that ran
    /// out.
    mutating func processTransactionTimeouts(now: MonotonicTime) {
        let due = transactions.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
        for (id, transaction) in due {
            // An earlier failure in this loop may have ended the client and its transactions.
            guard transactions[id] != nil else { continue }
            var updated = transaction
            if updated.retransmissionsLeft > 0 {
                updated.retransmissionsLeft -= 1
                updated.rto = updated.rto * 2
                updated.deadline = now + (updated.retransmissionsLeft > 0 ? updated.rto : finalWait)
                transactions[id] = updated
                statistics.retransmissions &+= 1
                transmits.append(updated.bytes)
                continue
            }
            transactions[id] = nil
            requestFailed(transaction.kind,
                          TURNClientError(.timeout, "\(transaction.kind.method) request to \(configuration.server) got no response"),
                          now: now)
        }
    }

    /// Learns REALM, NONCE and PASSWORD-ALGORITHMS from a 401 or 438 (RFC 8489 §9.2.5) and
    /// derives the long-term key (RFC 8489 §9.2.2). Returns false when the challenge is
    /// unusable (no NONCE, no REALM known, or only unknown password algorithms).
    mutating func learnChallenge(_ response: STUNMessage) -> Bool {
        guard let nonce = response.nonce, let realm = response.realm ?? authentication?.realm else { return false }
        var offered: [STUNPasswordAlgorithm]?
        var chosen: STUNPasswordAlgorithm?
        var hash = STUNIntegrityKey.LongTermHash.md5
        if case .passwordAlgorithms(let list)? = response.first(.passwordAlgorithms), !list.isEmpty {
            // RFC 8489 §9.2.5: pick the first algorithm of the server's list that is supported.
            guard let pick = list.first(where: { STUNIntegrityKey.LongTermHash($0) != nil }),
                  let pickedHash = STUNIntegrityKey.LongTermHash(pick) else { return false }
            offered = list
            chosen = pick
            hash = pickedHash
        }
        let key = STUNIntegrityKey.longTerm(username: configuration.username, realm: realm,
                                            password: configuration.password, hash: hash)
        authentication = TURNClientAuthentication(realm: realm, nonce: nonce, key: key,
                                                  offeredAlgorithms: offered, chosenAlgorithm: chosen)
        return true
    }
}
