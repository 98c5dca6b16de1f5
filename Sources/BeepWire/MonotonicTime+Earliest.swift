extension MonotonicTime {
    /// The earlier of two optional deadlines (nil when both are nil), without building an array:
    /// deadlines are polled for every session on each run of its socket's timer.
    @inlinable
    public static func earliest(_ a: MonotonicTime?, _ b: MonotonicTime?) -> MonotonicTime? {
        guard let a else { return b }
        guard let b else { return a }
        return b < a ? b : a
    }
}
