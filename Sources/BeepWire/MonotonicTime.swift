/// A point on a monotonic clock, as sans-IO protocol machines see time: the driver passes
/// `now` in, machines return deadlines out. Tests run machines in virtual time by making
/// these values up; the UDP driver derives them from `ContinuousClock`.
public struct MonotonicTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary origin chosen by the driver.
    public var nanoseconds: Int64

    /// A time `nanoseconds` after the origin.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The origin.
    public static let zero = MonotonicTime(nanoseconds: 0)

    /// A time `duration` after the origin (saturating).
    public init(sinceOrigin duration: Duration) {
        self.nanoseconds = Self.nanoseconds(of: duration)
    }

    /// `time` plus `duration` (saturating).
    public static func + (time: MonotonicTime, duration: Duration) -> MonotonicTime {
        MonotonicTime(nanoseconds: time.nanoseconds.addingReportingOverflow(nanoseconds(of: duration)).overflow
            ? Int64.max : time.nanoseconds &+ nanoseconds(of: duration))
    }

    /// `time` minus `duration` (saturating).
    public static func - (time: MonotonicTime, duration: Duration) -> MonotonicTime {
        time + (.zero - duration)
    }

    /// The duration from `rhs` to `lhs` (negative when `lhs` is earlier).
    public static func - (lhs: MonotonicTime, rhs: MonotonicTime) -> Duration {
        .nanoseconds(lhs.nanoseconds &- rhs.nanoseconds)
    }

    public static func < (lhs: MonotonicTime, rhs: MonotonicTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public var description: String { "t+\(Double(nanoseconds) / 1e9)s" }

    /// Whole nanoseconds in a duration, saturating at the Int64 range.
    static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflowAdd) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAdd ? (seconds < 0 ? Int64.min : Int64.max) : total
    }
}
