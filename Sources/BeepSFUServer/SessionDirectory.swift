import NIOConcurrencyHelpers

/// Sessions announced by signalling and not yet claimed by a socket. Shared by every socket of
/// the port range and consulted only for datagrams from unknown 5-tuples, so its lock is never
/// on the per-packet path of an established session.
public final class SessionDirectory: Sendable {
    private let pending = NIOLockedValueBox<[String: PendingSession]>([:])
    private let restarts = NIOLockedValueBox<[String: RestartedCredentials]>([:])

    /// An empty directory.
    public init() {}

    /// Announces a session; replaces an earlier one with the same ufrag.
    public func announce(_ session: PendingSession) {
        pending.withLockedValue { $0[session.localUfrag] = session }
    }

    /// Withdraws a session that was never claimed (call cancelled, answer replaced).
    public func withdraw(localUfrag: String) {
        pending.withLockedValue { _ = $0.removeValue(forKey: localUfrag) }
    }

    /// Looks up a pending session without removing it.
    public func lookup(localUfrag: String) -> PendingSession? {
        pending.withLockedValue { $0[localUfrag] }
    }

    /// Removes and returns the pending session for `localUfrag`, once.
    public func claim(localUfrag: String) -> PendingSession? {
        pending.withLockedValue { $0.removeValue(forKey: localUfrag) }
    }

    /// Announces the new local credentials of a session after an ICE restart (RFC 8445 §9):
    /// checks naming `credentials.localUfrag` from a new address then reach the session
    /// hosted (or pending) under `credentials.hostingUfrag`.
    public func announceRestart(_ credentials: RestartedCredentials) {
        restarts.withLockedValue { $0[credentials.localUfrag] = credentials }
    }

    /// The restart credentials announced for `localUfrag`, if any.
    public func restart(localUfrag: String) -> RestartedCredentials? {
        restarts.withLockedValue { $0[localUfrag] }
    }

    /// Forgets every restart alias of the session hosted under `hostingUfrag` (it ended).
    public func withdrawRestarts(hostingUfrag: String) {
        restarts.withLockedValue { aliases in aliases = aliases.filter { $0.value.hostingUfrag != hostingUfrag } }
    }

    /// How many sessions wait for their first check.
    public var pendingCount: Int { pending.withLockedValue { $0.count } }
}
