import Foundation

/// Times as the events tables store them: whole milliseconds (since the Unix epoch for dates).
public enum OutboxTime {
    /// `date` in milliseconds since the Unix epoch, rounded down.
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// `duration` in whole milliseconds.
    public static func milliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
