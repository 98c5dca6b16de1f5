import BeepWire

/// Tracks the sequence gaps of one producer's stream and decides when to NACK the publisher
/// (RFC 4585 §6.2.1 Generic NACK): a missing packet is requested at once when the gap is seen,
/// then again every ``retryInterval`` up to ``maxRequests`` times, and forgotten when it
/// arrives, when it falls ``maxAge`` packets behind, or when it runs out of requests.
struct NACKGenerator: Sendable {
    /// Requests per missing packet, the first included.
    static let maxRequests = 3
    /// Time between requests for the same packet.
    static let retryInterval: Duration = .milliseconds(100)
    /// A gap wider than this is treated as a stream restart, not as loss.
    static let maxGap: Int64 = 256
    /// Missing packets older than this (in packets behind the highest) are given up.
    static let maxAge: Int64 = 512

    private struct Missing: Sendable {
        var requests: Int
        var nextRequest: MonotonicTime
    }

    private var missing: [Int64: Missing] = [:]

    /// Records a received packet's extended sequence number, given the highest before it.
    mutating func received(extended: Int64, previousHighest: Int64?, now: MonotonicTime) {
        if missing.removeValue(forKey: extended) != nil { return }
        guard let previousHighest, extended > previousHighest &+ 1 else { return }
        let gap = extended &- previousHighest &- 1
        guard gap <= Self.maxGap else {
            missing.removeAll()
            return
        }
        var sequence = previousHighest &+ 1
        while sequence < extended {
            missing[sequence] = Missing(requests: 0, nextRequest: now)
            sequence &+= 1
        }
        let horizon = extended &- Self.maxAge
        missing = missing.filter { $0.key >= horizon }
    }

    /// The sequence numbers to NACK now (sorted), updating their retry state.
    mutating func due(now: MonotonicTime) -> [UInt16] {
        var result: [UInt16] = []
        for key in missing.keys.sorted() {
            guard var entry = missing[key], entry.nextRequest <= now else { continue }
            entry.requests &+= 1
            result.append(UInt16(truncatingIfNeeded: key))
            if entry.requests >= Self.maxRequests {
                missing.removeValue(forKey: key)
            } else {
                entry.nextRequest = now + Self.retryInterval
                missing[key] = entry
            }
        }
        return result
    }

    /// The earliest time a request falls due, or nil when nothing is missing.
    var nextDeadline: MonotonicTime? { missing.values.map(\.nextRequest).min() }

    /// Number of packets currently awaited.
    var missingCount: Int { missing.count }
}
