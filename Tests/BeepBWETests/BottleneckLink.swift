import BeepBWE
import BeepWire

/// A simulated bottleneck in virtual time: a FIFO queue drained at ``capacity``, tail drop
/// when the queueing delay would exceed ``maxQueueDelay``, then a fixed propagation delay and
/// optional random loss drawn from a seeded generator (so every run is the same).
struct BottleneckLink {
    var capacity: BitsPerSecond
    var propagationDelay: Duration
    var maxQueueDelay: Duration
    var randomLoss: Double
    var generator: SplitMix64
    private var freeAt = MonotonicTime.zero
    private(set) var dropped = 0

    init(capacity: BitsPerSecond, propagationDelay: Duration = .milliseconds(25),
         maxQueueDelay: Duration = .milliseconds(300), randomLoss: Double = 0, seed: UInt64 = 1) {
        self.capacity = capacity
        self.propagationDelay = propagationDelay
        self.maxQueueDelay = maxQueueDelay
        self.randomLoss = randomLoss
        generator = SplitMix64(seed: seed)
    }

    /// The arrival time at the receiver of a packet sent at `sendTime`, nil when dropped.
    mutating func transmit(size: Int, at sendTime: MonotonicTime) -> MonotonicTime? {
        let start = max(sendTime, freeAt)
        if start - sendTime > maxQueueDelay {
            dropped += 1
            return nil
        }
        let transmission = Duration.nanoseconds(Int64(size) * 8 * 1_000_000_000 / max(1, capacity))
        freeAt = start + transmission
        if randomLoss > 0, Double.random(in: 0..<1, using: &generator) < randomLoss {
            dropped += 1
            return nil
        }
        return freeAt + propagationDelay
    }
}
