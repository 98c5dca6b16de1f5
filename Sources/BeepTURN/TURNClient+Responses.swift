import BeepSTUN
import BeepWire

/// Responses to the client's requests (RFC 8489 §6.3.4, §9.2.5; RFC 8656 §7.3, §8, §9, §12).
extension TURNClient {
    /// Matches a response to its transaction and checks its integrity: a success response to
    /// a signed request must carry a MESSAGE-INTEGRITY that verifies; an error response may be
    /// unsigned (401 and 438 cannot be signed), but one that is signed must verify. Anything
    /// else is dropped and the transaction keeps running (RFC 8489 §9.2.5).
    mutating func handleResponse(_ response: STUNMessage, now: MonotonicTime) {
        guard let transaction = transactions[response.transactionID],
              response.method == transaction.kind.method else {
            statistics.droppedInput &+= 1
            return
        }
        if let key = transaction.key {
            let signed = response.hasIntegrity
            if signed ? !response.verifyIntegrity(key: key) : response.messageClass == .successResponse {
                statistics.droppedInput &+= 1
                return
            }
        }
        transactions[response.transactionID] = nil
        if response.messageClass == .successResponse {
            requestSucceeded(transaction, response, now: now)
        } else {
            handleErrorResponse(transaction, response, now: now)
        }
    }

    /// 401 to an unsigned request: answer the challenge (RFC 8656 §7.1, RFC 8489 §9.2.5).
    /// 401 to a signed request: the credentials are wrong or expired. 438: retry with the new
    /// nonce, a bounded number of times. Other codes fail the request.
    mutating func handleErrorResponse(_ transaction: TURNClientTransaction, _ response: STUNMessage, now: MonotonicTime) {
        let code = response.errorCode
        let method = transaction.kind.method
        switch code?.code {
        case STUNErrorCode.unauthenticated.code where transaction.key == nil:
            guard learnChallenge(response) else {
                requestFailed(transaction.kind, TURNClientError(.invalidResponse, "\(method): 401 without a usable REALM and NONCE", stunError: code), now: now)
                return
            }
            startTransaction(transaction.kind, attributes: transaction.attributes, now: now)
        case STUNErrorCode.staleNonce.code:
            guard transaction.staleNonceRetries < configuration.maxStaleNonceRetries, learnChallenge(response) else {
                requestFailed(transaction.kind, TURNClientError(.staleNonce, "\(method): 438 Stale Nonce \(transaction.staleNonceRetries + 1) times", stunError: code), now: now)
                return
            }
            startTransaction(transaction.kind, attributes: transaction.attributes, now: now,
                             staleNonceRetries: transaction.staleNonceRetries + 1)
        case STUNErrorCode.unauthenticated.code:
            requestFailed(transaction.kind, TURNClientError(.unauthenticated, "\(method): 401 with credentials for \(configuration.username)", stunError: code), now: now)
        default:
            let text = code.map { "\($0)" } ?? "an error response without ERROR-CODE"
            requestFailed(transaction.kind, TURNClientError(.rejected, "\(method) got \(text)", stunError: code), now: now)
        }
    }

    /// A success response, by request kind.
    mutating func requestSucceeded(_ transaction: TURNClientTransaction, _ response: STUNMessage, now: MonotonicTime) {
        switch transaction.kind {
        case .allocate:
            guard state == .allocating else { return }
            guard let relayed = response.xorRelayedAddress else {
                fail(TURNClientError(.invalidResponse, "Allocate success without XOR-RELAYED-ADDRESS"))
                return
            }
            relayedAddress = relayed
            mappedAddress = response.xorMappedAddress
            state = .allocated
            let lifetime = response.lifetime ?? configuration.requestedLifetime ?? 600
            scheduleRefresh(lifetime: lifetime, now: now)
            events.append(.allocated(relayed: relayed, mapped: mappedAddress, lifetime: lifetime))
        case .refresh(let requested):
            if requested == 0 || state == .releasing {
                finishRelease()
                return
            }
            guard state == .allocated else { return }
            refreshPending = false
            let lifetime = response.lifetime ?? requested
            scheduleRefresh(lifetime: lifetime, now: now)
            events.append(.refreshed(lifetime: lifetime))
        case .createPermission(let peer):
            permissionInstalled(peer, now: now)
        case .channelBind(let number, let peer):
            guard var channel = channelsByNumber[number], channel.peer == peer else { return }
            let first = !channel.bound
            channel.bound = true
            channel.pending = false
            channel.refreshedAt = now
            channel.refreshAt = now + configuration.channelRefreshInterval
            channelsByNumber[number] = channel
            // RFC 8656 §12.2: a successful ChannelBind also installs or refreshes the permission.
            permissionInstalled(peer, now: now, announce: permissions[peer.addressBytes]?.installed != true)
            if first {
                statistics.channelsBound &+= 1
                events.append(.channelBound(channel: number, peer: peer))
            }
        }
    }

    /// A request failed (error response or timeout), by request kind.
    mutating func requestFailed(_ kind: TURNClientTransaction.Kind, _ error: TURNClientError, now: MonotonicTime) {
        switch kind {
        case .allocate:
            guard state == .allocating else { return }
            fail(error)
        case .refresh(let lifetime):
            if lifetime == 0 || state == .releasing {
                finishRelease()
                return
            }
            guard state == .allocated else { return }
            refreshPending = false
            if error.code == .timeout, let expiry = allocationExpiry, now < expiry {
                // The allocation may still be alive: try again until it expires.
                sendRefresh(now: now)
                return
            }
            fail(error)
        case .createPermission(let peer):
            guard let permission = permissions.removeValue(forKey: peer.addressBytes) else { return }
            events.append(.permissionFailed(peer: permission.peer, error))
        case .channelBind(let number, let peer):
            guard let channel = channelsByNumber.removeValue(forKey: number) else { return }
            channelsByPeer[channel.peer] = nil
            events.append(.channelBindFailed(peer: peer, error))
        }
    }
}
