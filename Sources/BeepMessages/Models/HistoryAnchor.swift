import BeepPlatformCore

/// Which slice of a channel's history to read. Results always come oldest first (ascending id).
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
}
