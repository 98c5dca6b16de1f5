import BeepWire

/// The loss-based controller (draft-ietf-rmcat-gcc-02 §6): with `p` the fraction of packets
/// lost since the last update,
///
///     As(i) = As(i-1) · (1 - 0.5 p)   if p > 0.10
///     As(i) = 1.05 · As(i-1)          if p < 0.02
///     As(i) = As(i-1)                 otherwise
///
/// Updates happen at most once per ``BandwidthEstimatorConfiguration/lossEvaluationInterval``
/// and only once enough packets were described; when more than twice the high-loss fraction
/// is lost, after a fifth of that interval already (a full queue dropping packets). An
/// increase never goes beyond 1.5 × the acknowledged bitrate + 10 kbit/s, like the
/// delay-based increase: unused capacity cannot be proven. The final estimate is the minimum of the
/// delay-based and the loss-based ones; this one is kept no higher than the delay-based one
/// (the caller clamps it), so that a decrease starts from the rate actually in use.
///
/// A decrease never goes below ``acknowledgedFloorFactor`` × the acknowledged bitrate (as
/// libwebrtc's loss-based estimators bound it by what the receiver demonstrably got): a burst
/// of tail drops — a key frame overflowing a full queue at a layer switch — then cannot collapse
/// the estimate below the rate that is still arriving, which would pause the video.
struct LossBasedController: Sendable {
    /// The share of the acknowledged bitrate a loss-driven decrease keeps.
    static let acknowledgedFloorFactor = 0.85
    private let configuration: BandwidthEstimatorConfiguration
    private(set) var estimate: BitsPerSecond
    private var lost = 0
    private var total = 0
    private var lastEvaluation: MonotonicTime?
    /// The loss fraction of the last evaluation.
    private(set) var lastLossFraction = 0.0

    init(configuration: BandwidthEstimatorConfiguration) {
        self.configuration = configuration
        estimate = configuration.clamp(configuration.startBitrate)
    }

    /// Counts packets described by feedback, updating when an interval is complete.
    mutating func record(lost: Int, received: Int, acknowledged: BitsPerSecond?, now: MonotonicTime) {
        self.lost += max(0, lost)
        total += max(0, lost) + max(0, received)
        guard total >= configuration.lossEvaluationMinimumPackets else { return }
        let fraction = Double(self.lost) / Double(total)
        if let lastEvaluation {
            let interval = fraction > 2 * configuration.highLossFraction
                ? configuration.lossEvaluationInterval / 5 : configuration.lossEvaluationInterval
            if now - lastEvaluation < interval { return }
        }
        apply(lossFraction: fraction, acknowledged: acknowledged, now: now)
        self.lost = 0
        total = 0
    }

    /// Updates with a loss fraction measured elsewhere (an RTCP receiver report's "fraction
    /// lost", RFC 3550 §6.4.1, when transport-wide feedback is not negotiated).
    mutating func apply(lossFraction: Double, acknowledged: BitsPerSecond?, now: MonotonicTime) {
        lastEvaluation = now
        lastLossFraction = lossFraction
        if lossFraction > configuration.highLossFraction {
            var decreased = BitsPerSecond(saturating: Double(estimate) * (1 - 0.5 * min(max(lossFraction, 0), 1)))
            if let acknowledged {
                decreased = max(decreased, min(estimate, BitsPerSecond(saturating: Self.acknowledgedFloorFactor * Double(acknowledged))))
            }
            estimate = configuration.clamp(decreased)
        } else if lossFraction < configuration.lowLossFraction {
            var increased = BitsPerSecond(saturating: Double(estimate) * 1.05)
            if let acknowledged { increased = max(estimate, min(increased, BitsPerSecond(saturating: 1.5 * Double(acknowledged) + 10_000))) }
            estimate = configuration.clamp(increased)
        }
    }

    /// Keeps the loss-based estimate no higher than `ceiling`.
    mutating func limit(to ceiling: BitsPerSecond) { estimate = min(estimate, configuration.clamp(ceiling)) }

    /// Raises the estimate to at least `floor` (a successful probe).
    mutating func raise(to floor: BitsPerSecond) { estimate = max(estimate, configuration.clamp(floor)) }
}
