import BeepWire

/// Limits key frame requests (PLI, RFC 4585 §6.3.1) toward one producer to one per
/// ``interval``; a request inside the window is remembered and sent when the window ends,
/// unless a key frame arrived meanwhile.
struct KeyFrameRequestThrottle: Sendable {
    /// Minimum time between two PLIs toward one producer.
    static let interval: Duration = .seconds(1)

    private var lastSent: MonotonicTime?
    private(set) var pending = false

    /// Asks for a key frame; returns true when a PLI should be sent now.
    mutating func request(now: MonotonicTime) -> Bool {
        if let lastSent, now < lastSent + Self.interval {
            pending = true
            return false
        }
        lastSent = now
        pending = false
        return true
    }

    /// A key frame arrived: a deferred request is no longer needed.
    mutating func keyFrameReceived() { pending = false }

    /// When a deferred request falls due, or nil.
    var deadline: MonotonicTime? {
        guard pending, let lastSent else { return nil }
        return lastSent + Self.interval
    }

    /// Returns true (and marks it sent) when a deferred request is due at `now`.
    mutating func fireIfDue(now: MonotonicTime) -> Bool {
        guard let deadline, deadline <= now else { return false }
        lastSent = now
        pending = false
        return true
    }
}
