import Foundation
import BeepEvents

extension SharedLiveState {
    /// Presence shared by processes (docs/events.md, "Presence"): keys are user ids, values the
    /// user's status on one node; a user's status is the best over nodes (`online` over `idle`),
    /// none: `offline`. `stage` makes `presence.updated` for a user's new status.
    public static func presence(outbox: EventOutbox, node: Int64, lease: Duration = .seconds(15),
                                stage: @escaping @Sendable (_ user: String, _ status: PresenceStatus) async throws -> StagedEvent)
        -> SharedLiveState
    {
        SharedLiveState(outbox: outbox, kind: "presence", node: node, lease: lease,
                        merge: { values in bestStatus(values.compactMap(PresenceStatus.init(rawValue:))).rawValue },
                        stage: { user, state in try await stage(user, state.flatMap(PresenceStatus.init(rawValue:)) ?? .offline) })
    }

    /// The stream of a user's presence events: one order per user across processes.
    public static func presenceStream(user: String) -> String { "presence:\(user)" }

    /// A user's status from their statuses on several nodes.
    public static func bestStatus(_ statuses: [PresenceStatus]) -> PresenceStatus {
        if statuses.contains(.online) { return .online }
        return statuses.contains(.idle) ? .idle : .offline
    }

    /// Sets `user`'s status on this node (`offline`: no connection left here).
    public func setPresence(_ user: String, _ status: PresenceStatus, now: Date = Date()) async throws {
        try await set(user, status == .offline ? nil : status.rawValue, now: now)
    }
}
