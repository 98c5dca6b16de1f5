import BeepWire

/// Deliveries in flight on a virtual link with a fixed one-way delay, for test networks whose
/// nodes are not all ``VirtualNetworkNode``s (a TURN server between ICE agents or peer
/// sessions): schedule an action at `now`, ask for the next arrival, take what is due in
/// the order it was scheduled.
public struct VirtualDelayLine<Action> {
    /// The one-way delay of every delivery.
    public var delay: Duration
    private var inFlight: [(arrival: MonotonicTime, sequence: Int, action: Action)] = []
    private var sequence = 0

    /// An empty line.
    public init(delay: Duration) {
        self.delay = delay
    }

    /// `action` arrives `delay` after `now`.
    public mutating func schedule(_ action: Action, now: MonotonicTime) {
        sequence += 1
        inFlight.append((now + delay, sequence, action))
    }

    /// When the next delivery arrives, if any.
    public var nextArrival: MonotonicTime? { inFlight.map(\.arrival).min() }

    /// Removes and returns every delivery due at `now`, in the order they were scheduled.
    public mutating func takeDue(now: MonotonicTime) -> [Action] {
        let due = inFlight.filter { $0.arrival <= now }.sorted { $0.sequence < $1.sequence }
        inFlight.removeAll { $0.arrival <= now }
        return due.map(\.action)
    }

    /// The earliest of `deadlines` and the next arrival, if any.
    public func nextEvent(_ deadlines: MonotonicTime?...) -> MonotonicTime? {
        ([nextArrival] + deadlines).compactMap { $0 }.min()
    }
}
