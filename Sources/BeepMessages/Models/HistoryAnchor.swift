import BeepPlatformCore

/// Which slice of a channel's history to read. Results always come oldest first: ascending id,
/// except ``afterPosition(_:)`` which comes in ascending position (commit order).
public enum HistoryAnchor: Sendable, Hashable {
    /// The newest messages.
    case latest
    /// The messages immediately before this id (exclusive).
    case before(Snowflake)
    /// The messages immediately after this id (exclusive).
    case after(Snowflake)
    /// The message with this id (if it exists) and the messages around it: `limit / 2` before,
    /// the rest after.
    case around(Snowflake)
    /// The messages whose ``Message/position`` is above this one (exclusive), in position
    /// order: what a client that missed events reads from the last position it holds, so that
    /// it misses nothing (docs/events.md, "Re-sync").
    case afterPosition(Int64)
}
