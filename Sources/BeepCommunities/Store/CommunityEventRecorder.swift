import SQLKit

/// Writes a community change's events inside the change's own transaction (the events outbox
/// on PostgreSQL: docs/events.md, "Across processes"), so that the events exist if and only if
/// the change committed. A throw rolls the change back.
public protocol CommunityEventRecorder: Sendable {
    /// Records `events` (in order) on `db`, the change's open transaction.
    func record(_ events: [CommunityEvent], in db: any SQLDatabase) async throws
}

/// A committed community change: what its body returned and the events it made, in order
/// (empty when nobody asked for events).
public struct CommunityChange<Result: Sendable>: Sendable {
    /// What the change's body returned.
    public var result: Result
    /// The events of the change (``CommunityDiff``), already recorded in its transaction.
    public var events: [CommunityEvent]

    /// A change from its parts.
    public init(result: Result, events: [CommunityEvent]) {
        self.result = result
        self.events = events
    }
}
