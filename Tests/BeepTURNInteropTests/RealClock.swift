import BeepWire

/// Monotonic time for the sans-IO machines in these real-socket tests.
struct RealClock {
    let origin = ContinuousClock.now

    var now: MonotonicTime { MonotonicTime(sinceOrigin: ContinuousClock.now - origin) }
}
