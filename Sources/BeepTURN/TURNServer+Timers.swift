import BeepWire

extension TURNServer {
    /// The earliest allocation, permission or channel expiry, or nil with no allocations
    /// (RFC 8656 §7, §9, §12 lifetimes).
    public func pollTimeout() -> MonotonicTime? {
        allocationsByFiveTuple.values.map(\.nextDeadline).min()
    }

    /// Ends allocations whose lifetime passed (``TURNServerOutput/allocationEnded(_:reason:)``
    /// with `.expired`) and drops expired permissions and channel bindings.
    public mutating func handleTimeout(now: MonotonicTime) {
        for (fiveTuple, allocation) in allocationsByFiveTuple where allocation.nextDeadline <= now {
            if allocation.expiry <= now {
                endAllocation(fiveTuple, reason: .expired)
            } else {
                var updated = allocation
                updated.expire(now: now)
                allocationsByFiveTuple[fiveTuple] = updated
            }
        }
    }
}
