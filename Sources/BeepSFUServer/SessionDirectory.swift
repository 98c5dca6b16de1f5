import NIOConcurrencyHelpers

/// Sessions announced by signalling and not yet claimed by a socket. Shared by every socket of
/// the port range and consulted only for datagrams from unknown 5-tuples, so its lock is never
/// on the per-packet path of an established session.
public final class SessionDirectory: Sendable {
    private let pending = NIOLockedValueBox<[String: PendingSession]>([:])

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

    /// How many sessions wait for their first check.
    public var pendingCount: Int { pending.withLockedValue { $0.count } }
}
