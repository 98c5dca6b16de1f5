import BeepSTUN
import BeepWire

/// Allocation refresh and expiry, permission and channel refresh (RFC 8656 §8, §9, §12).
extension TURNClient {
    /// The earliest time ``handleTimeout(now:)`` has work: a retransmission or give-up, the
    /// allocation refresh or expiry, a permission or channel refresh; nil when none.
    public func pollTimeout() -> MonotonicTime? {
        var earliest: MonotonicTime?
        func fold(_ time: MonotonicTime?) {
            guard let time else { return }
            if let current = earliest, current <= time { return }
            earliest = time
        }
        for transaction in transactions.values { fold(transaction.deadline) }
        guard state == .allocated else { return earliest }
        fold(refreshAt)
        fold(allocationExpiry)
        for permission in permissions.values where !permission.pending { fold(permission.refreshAt) }
        for channel in channelsByNumber.values where !channel.pending { fold(channel.refreshAt) }
        return earliest
    }

    /// Runs what is due at `now`: retransmissions and timeouts (RFC 8489 §6.2.1), the
    /// allocation Refresh (RFC 8656 §8) or its expiry, and the refresh of every permission
    /// and channel used since its last refresh (RFC 8656 §9, §12); unused ones are let lapse.
    public mutating func handleTimeout(now: MonotonicTime) {
        processTransactionTimeouts(now: now)
        guard state == .allocated else { return }
        if let expiry = allocationExpiry, now >= expiry {
            fail(TURNClientError(.allocationExpired, "the allocation on \(configuration.server) expired without a successful Refresh"))
            return
        }
        if let due = refreshAt, due <= now, !refreshPending { sendRefresh(now: now) }
        for (key, permission) in permissions where !permission.pending {
            guard let due = permission.refreshAt, due <= now else { continue }
            if permission.lastUsed >= permission.refreshedAt {
                permissions[key]?.pending = true
                permissions[key]?.refreshAt = nil
                startTransaction(.createPermission(peer: permission.peer),
                                 attributes: [.xorPeerAddress(permission.peer)], now: now)
            } else {
                permissions[key] = nil
            }
        }
        for (number, channel) in channelsByNumber where !channel.pending {
            guard let due = channel.refreshAt, due <= now else { continue }
            if channel.lastUsed >= channel.refreshedAt {
                channelsByNumber[number]?.pending = true
                channelsByNumber[number]?.refreshAt = nil
                startTransaction(.channelBind(channel: number, peer: channel.peer),
                                 attributes: [.channelNumber(number), .xorPeerAddress(channel.peer)], now: now)
            } else {
                // Unused: stop sending ChannelData; the number stays reserved for this peer
                // (RFC 8656 §12: it cannot go to another peer until well after expiry).
                channelsByNumber[number]?.bound = false
                channelsByNumber[number]?.refreshAt = nil
            }
        }
    }

    /// Sets the expiry and the next Refresh for a granted `lifetime` (seconds): `margin`
    /// before expiry, or at half the lifetime when it is short.
    mutating func scheduleRefresh(lifetime: UInt32, now: MonotonicTime) {
        let granted = Duration.seconds(Int64(lifetime))
        allocationExpiry = now + granted
        let margin = configuration.refreshMargin
        refreshAt = granted > margin * 2 ? now + (granted - margin) : now + granted / 2
    }

    /// Sends Refresh with the configured LIFETIME (RFC 8656 §8).
    mutating func sendRefresh(now: MonotonicTime) {
        refreshPending = true
        refreshAt = nil
        let lifetime = configuration.requestedLifetime ?? 600
        startTransaction(.refresh(lifetime: lifetime), attributes: [.lifetime(seconds: lifetime)], now: now)
    }
}
