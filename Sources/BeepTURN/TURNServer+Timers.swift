import BeepWire

extension TURNServer {
    /// When ``handleTimeout(now:)`` should next run: no later than the earliest allocation,
    /// permission, channel or reservation expiry (RFC 8656 §7, §9, §12), or nil when nothing
    /// can expire. O(1): deadlines are folded in as they are set, and a sweep recomputes the
    /// exact minimum (an extended lifetime may cause one early, harmless sweep).
    public func pollTimeout() -> MonotonicTime? {
        nextSweep
    }

    /// Ends allocations whose lifetime passed (``TURNServerOutput/allocationEnded(_:reason:)``
    /// with `.expired`), drops expired permissions and channel bindings, and frees port
    /// reservations nobody claimed (RFC 8656 §7.2: about 30 s). Does nothing before the time
    /// ``pollTimeout()`` returned.
    public mutating func handleTimeout(now: MonotonicTime) {
        guard let due = nextSweep, due <= now else { return }
        nextSweep = nil
        for (token, reservation) in reservations {
            if reservation.expiry <= now { releaseReservation(token) } else { noteDeadline(reservation.expiry) }
        }
        for (fiveTuple, allocation) in allocationsByFiveTuple {
            if allocation.expiry <= now {
                endAllocation(fiveTuple, reason: .expired)
                continue
            }
            var updated = allocation
            if allocation.nextDeadline <= now {
                updated.expire(now: now)
                allocationsByFiveTuple[fiveTuple] = updated
            }
            noteDeadline(updated.nextDeadline)
        }
    }

    /// Folds a new deadline into ``pollTimeout()``.
    mutating func noteDeadline(_ deadline: MonotonicTime) {
        if let current = nextSweep, current <= deadline { return }
        nextSweep = deadline
    }
}
