import BeepBWE
import BeepWire

/// Paces one probe cluster's padding (RFC 4588 RTX packets that carry only RTP padding,
/// RFC 3550 §5.1) evenly over the cluster's duration, so that the estimator measures the rate
/// the path delivers (docs/bandwidth-estimation.md "Probing"). Sans-IO: ``due(now:)`` says
/// how many packets to send now; ``nextDeadline`` when to ask again.
struct ProbePaddingPacer: Sendable {
    /// Padding bytes per probe packet: the most an RTP padding count byte allows.
    static let paddingPerPacket = 255
    /// Wire size of one probe packet: header (12), a one-word extension block (8), padding.
    static let packetSize = 12 + 8 + paddingPerPacket

    /// The cluster being sent; its id marks every packet of the window.
    let cluster: ProbeCluster
    /// When the first packet goes out.
    let start: MonotonicTime
    /// When the window ends (media sent until then belongs to the cluster too).
    let end: MonotonicTime
    private let packets: Int
    private var sent = 0

    /// A pacer for `cluster` adding `paddingBytes` of padding from `now`.
    init(cluster: ProbeCluster, paddingBytes: Int, now: MonotonicTime) {
        self.cluster = cluster
        start = now
        end = now + cluster.duration(packetSize: Self.packetSize)
        let needed = (max(0, paddingBytes) + Self.packetSize - 1) / Self.packetSize
        packets = max(cluster.minimumPackets, needed)
    }

    /// True once every packet went out.
    var finished: Bool { sent >= packets }

    /// Packets to send at `now` (those whose even share of the window has started).
    mutating func due(now: MonotonicTime) -> Int {
        guard !finished else { return 0 }
        let window = max((end - start).nanoseconds, 1)
        let elapsed = min(max((now - start).nanoseconds, 0), window)
        let owed = Int((Double(elapsed) / Double(window) * Double(packets)).rounded(.down)) + 1
        let count = min(owed, packets) - sent
        guard count > 0 else { return 0 }
        sent += count
        return count
    }

    /// When the next packet falls due; nil when finished.
    var nextDeadline: MonotonicTime? {
        guard !finished, packets > 0 else { return nil }
        let window = (end - start).nanoseconds
        return MonotonicTime(nanoseconds: start.nanoseconds &+ window / Int64(packets) &* Int64(sent))
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return sumOverflow ? .max : sum
    }
}
