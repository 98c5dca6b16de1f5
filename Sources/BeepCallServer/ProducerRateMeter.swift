import BeepSFU
import BeepWire

/// Receive rates of single-encoding producers (screen shares, cameras without simulcast), from
/// the router's byte counters sampled about once a second: the allocator's one-entry layer
/// table for them.
struct ProducerRateMeter {
    private var samples: [ProducerID: (bytes: UInt64, at: MonotonicTime)] = [:]
    private(set) var rates: [ProducerID: Int64] = [:]
    private var lastSample: MonotonicTime?

    /// Samples `stats` when a second has passed since the last sample.
    mutating func sample(_ stats: @autoclosure () -> SFUStats, now: MonotonicTime) {
        if let lastSample, now - lastSample < .seconds(1) { return }
        lastSample = now
        var seen = Set<ProducerID>()
        for participant in stats().participants {
            for producer in participant.producers {
                seen.insert(producer.id)
                if let previous = samples[producer.id], producer.bytesReceived >= previous.bytes {
                    let elapsed = Double((now - previous.at).components.seconds)
                        + Double((now - previous.at).components.attoseconds) / 1e18
                    if elapsed > 0 {
                        rates[producer.id] = Int64(Double(producer.bytesReceived - previous.bytes) * 8 / elapsed)
                    }
                }
                samples[producer.id] = (producer.bytesReceived, now)
            }
        }
        samples = samples.filter { seen.contains($0.key) }
        rates = rates.filter { seen.contains($0.key) }
    }

    /// The measured rate, nil before two samples.
    func rate(of producer: ProducerID) -> Int64? { rates[producer] }
}
