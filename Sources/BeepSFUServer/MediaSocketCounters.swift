import Synchronization

/// Counters of one media socket, readable from any thread (for stats and tests).
public final class MediaSocketCounters: Sendable {
    /// Datagrams read from the socket.
    public let datagramsReceived = Atomic<Int>(0)
    /// Datagrams written to the socket.
    public let datagramsSent = Atomic<Int>(0)
    /// Datagrams from an unknown 5-tuple that were not a valid check for a known session.
    public let datagramsDroppedUnknownSource = Atomic<Int>(0)
    /// Sessions currently bound to this socket.
    public let sessionsHosted = Atomic<Int>(0)
    /// Errors reported by the socket (ICMP unreachable and the like).
    public let socketErrors = Atomic<Int>(0)
    /// Runs of the socket's session timer (none while the socket hosts no session).
    public let timerRuns = Atomic<Int>(0)

    /// Zeroed counters.
    public init() {}
}

extension Atomic where Value == Int {
    /// Adds `delta` with relaxed ordering (statistics only).
    func add(_ delta: Int) { _ = wrappingAdd(delta, ordering: .relaxed) }

    /// The current value (relaxed).
    public var value: Int { load(ordering: .relaxed) }
}
