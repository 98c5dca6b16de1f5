import BeepWire

/// Measures probe clusters from feedback: once enough of a cluster's packets are reported,
/// the send rate (bytes without the last packet over the send span) and the receive rate
/// (bytes without the first packet over the arrival span) give the delivered rate.
struct ProbeResultEstimator: Sendable {
    struct Observation: Sendable {
        var cluster: ProbeCluster
        var firstSend: MonotonicTime?
        var lastSend: MonotonicTime?
        var lastSendSize = 0
        var firstArrival: Int64?
        var lastArrival: Int64?
        var firstArrivalSize = 0
        var bytes = 0
        var received = 0
        var reported = 0
    }

    private var observations: [Int: Observation] = [:]
    /// A receive rate below this fraction of the send rate means the path is saturated.
    static let saturationRatio = 0.9
    /// Spans longer than this do not measure a burst.
    static let maxSpanMicroseconds: Int64 = 1_000_000
    /// Share of the minimum packet count that must be received before measuring.
    static let requiredShare = 0.8

    /// Starts observing a cluster.
    mutating func begin(_ cluster: ProbeCluster) { observations[cluster.id] = Observation(cluster: cluster) }

    /// Forgets clusters older than `maxAge` without a result.
    mutating func expire(now: MonotonicTime, maxAge: Duration) {
        observations = observations.filter { now - $0.value.cluster.createdAt < maxAge }
    }

    /// Adds a feedback result about a probe packet (others are ignored).
    mutating func add(_ result: PacketResult) {
        guard let id = result.sent.probeClusterID, var observation = observations[id] else { return }
        observation.reported += 1
        let send = result.sent.sendTime
        if observation.firstSend.map({ send < $0 }) ?? true { observation.firstSend = send }
        if observation.lastSend.map({ send >= $0 }) ?? true {
            observation.lastSend = send
            observation.lastSendSize = result.sent.size
        }
        if let arrival = result.arrivalMicroseconds {
            observation.received += 1
            observation.bytes += result.sent.size
            if observation.firstArrival.map({ arrival < $0 }) ?? true {
                observation.firstArrival = arrival
                observation.firstArrivalSize = result.sent.size
            }
            if observation.lastArrival.map({ arrival > $0 }) ?? true { observation.lastArrival = arrival }
        }
        observations[id] = observation
    }

    /// The measurements of clusters with enough packets received (call after a feedback
    /// message); measured clusters are forgotten.
    mutating func collectResults() -> [ProbeResult] {
        var results: [ProbeResult] = []
        for id in observations.keys.sorted() {
            guard let observation = observations[id] else { continue }
            let needed = Int(clamping: Int64(saturating: (Double(observation.cluster.minimumPackets) * Self.requiredShare).rounded(.up)))
            guard observation.received >= max(2, needed), let measured = Self.measure(observation) else { continue }
            observations.removeValue(forKey: id)
            let target = observation.cluster.targetBitrate
            results.append(ProbeResult(clusterID: id, targetBitrate: target, measuredBitrate: measured,
                                       reachedTarget: Double(measured) >= Self.saturationRatio * Double(target)))
        }
        return results
    }

    private static func measure(_ observation: Observation) -> BitsPerSecond? {
        guard let firstSend = observation.firstSend, let lastSend = observation.lastSend,
              let firstArrival = observation.firstArrival, let lastArrival = observation.lastArrival else { return nil }
        let sendSpan = (lastSend - firstSend).milliseconds * 1000
        let receiveSpan = Double(lastArrival &- firstArrival)
        guard sendSpan > 0, receiveSpan > 0, sendSpan <= Double(maxSpanMicroseconds),
              receiveSpan <= Double(maxSpanMicroseconds) else { return nil }
        let sendRate = Double(observation.bytes - observation.lastSendSize) * 8 * 1e6 / sendSpan
        let receiveRate = Double(observation.bytes - observation.firstArrivalSize) * 8 * 1e6 / receiveSpan
        guard sendRate > 0, receiveRate > 0 else { return nil }
        if receiveRate < saturationRatio * sendRate { return BitsPerSecond(saturating: 0.95 * receiveRate) }
        return BitsPerSecond(saturating: min(sendRate, receiveRate))
    }
}
