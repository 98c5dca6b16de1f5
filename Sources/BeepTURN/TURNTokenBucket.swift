import BeepWire

/// A token bucket in bytes: the per-allocation bandwidth cap. Tokens refill at a fixed rate
/// up to the burst depth; a packet passes only if its size is available.
struct TURNTokenBucket: Sendable {
    let bytesPerSecond: Double
    let burst: Double
    private var tokens: Double
    private var updated: MonotonicTime

    init(bytesPerSecond: Int, burst: Int, now: MonotonicTime) {
        self.bytesPerSecond = Double(max(0, bytesPerSecond))
        self.burst = Double(max(0, burst))
        self.tokens = self.burst
        self.updated = now
    }

    /// Takes `bytes` tokens if available; false means drop.
    mutating func admit(_ bytes: Int, now: MonotonicTime) -> Bool {
        if now > updated {
            let elapsed = Double(now.nanoseconds &- updated.nanoseconds) / 1e9
            tokens = min(burst, tokens + elapsed * bytesPerSecond)
            updated = now
        }
        let cost = Double(bytes)
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }
}
