import BeepWire

/// Measures what a simulcast producer's encodings actually carry, per VP8 temporal layer, over
/// fixed windows of receive time: the allocator then works with measured layer bitrates, and
/// an encoding the publisher stopped sending (its own congestion control can turn encodings
/// off) shows no layers at all.
struct SimulcastBitrateMeter: Sendable {
    /// The measurement window.
    static let window: Duration = .seconds(1)
    /// The most temporal layers counted (VP8 TID is 2 bits).
    static let temporalLayers = 4

    private var windowStart: MonotonicTime?
    private var current: [[UInt64]]
    private var completed: [[UInt64]]?
    private var lastPacket: [MonotonicTime?]

    init(encodings: Int) {
        current = Array(repeating: Array(repeating: 0, count: Self.temporalLayers), count: encodings)
        lastPacket = Array(repeating: nil, count: encodings)
    }

    /// Counts one packet of `bytes` of encoding `spatial` and temporal layer `temporal`.
    mutating func record(spatial: Int, temporal: Int, bytes: Int, now: MonotonicTime) {
        roll(now: now)
        guard current.indices.contains(spatial), (0..<Self.temporalLayers).contains(temporal) else { return }
        current[spatial][temporal] &+= UInt64(max(0, bytes))
        lastPacket[spatial] = now
    }

    /// Cumulative bitrates per encoding (TID 0, TID ≤ 1, ...) over the last complete window,
    /// up to the highest temporal layer seen; an empty list for an encoding silent for a
    /// whole window. Nil before the first window completes.
    func measured(now: MonotonicTime) -> [[Int64]]? {
        guard let completed else { return nil }
        return completed.indices.map { spatial in
            guard let last = lastPacket[spatial], now - last < Self.window * 2 else { return [] }
            let bytes = completed[spatial]
            guard let highest = bytes.lastIndex(where: { $0 > 0 }) else { return [] }
            var total: UInt64 = 0
            return (0...highest).map { temporal in
                total &+= bytes[temporal]
                return Int64(clamping: total &* 8)
            }
        }
    }

    private mutating func roll(now: MonotonicTime) {
        guard let start = windowStart else {
            windowStart = now
            return
        }
        guard now - start >= Self.window else { return }
        // A gap longer than a window means the last window measured nothing.
        completed = now - start >= Self.window * 2
            ? current.map { $0.map { _ in 0 } } : current
        current = current.map { $0.map { _ in 0 } }
        windowStart = now
    }
}
