import BeepCommunities
import BeepEventsOutbox
import SQLKit

/// Writes community events into the events outbox inside their change's transaction, with the
/// outbox's `NOTIFY` (docs/events.md, "Across processes"): a change and its events commit or
/// roll back together.
public struct OutboxCommunityEventRecorder: CommunityEventRecorder {
    /// The outbox written to.
    public let outbox: EventOutbox

    /// A recorder writing to `outbox`.
    public init(outbox: EventOutbox) { self.outbox = outbox }

    /// See ``CommunityEventRecorder/record(_:in:)``: each event staged (JSON body, audience,
    /// `server:<id>` stream) and appended in order.
    public func record(_ events: [CommunityEvent], in db: any SQLDatabase) async throws {
        for event in events { try await outbox.append(try event.staged(), in: db) }
    }
}
