/// A bitrate in bits per second.
public typealias BitsPerSecond = Int64

/// The parameters of a ``SendSideBandwidthEstimator``. Defaults follow
/// draft-ietf-rmcat-gcc-02 where it gives a value, and otherwise the values commonly used with
/// the trendline variant of the delay-based controller; `docs/bandwidth-estimation.md` lists
/// them with their meaning.
public struct BandwidthEstimatorConfiguration: Sendable, Hashable {
    /// The estimate before any feedback arrives.
    public var startBitrate: BitsPerSecond
    /// The estimate never goes below this (audio and the lowest video layer must fit).
    public var minBitrate: BitsPerSecond
    /// The estimate never goes above this.
    public var maxBitrate: BitsPerSecond

    /// Packets sent within this time of a group's first packet form one group
    /// (draft-ietf-rmcat-gcc-02 §5.2, `burst_time`).
    public var burstTime: Duration
    /// Number of delay samples in the trendline regression window.
    public var trendlineWindow: Int
    /// Exponential smoothing of the accumulated delay before the regression (0...1).
    public var trendlineSmoothing: Double
    /// Gain applied to the trendline slope before comparing with the threshold.
    public var trendlineGain: Double
    /// The initial over-use threshold in ms (draft §5.4, `del_var_th`).
    public var initialThresholdMilliseconds: Double
    /// Threshold adaptation gain when |m| exceeds the threshold (draft §5.4, `K_u`).
    public var thresholdGainUp: Double
    /// Threshold adaptation gain when |m| is below the threshold (draft §5.4, `K_d`).
    public var thresholdGainDown: Double
    /// The signal must stay above the threshold this long to declare over-use
    /// (draft §5.4, `overuse_time_th`).
    public var overuseTime: Duration
    /// Multiplicative decrease factor applied to the acknowledged bitrate (draft §5.5, `beta`).
    public var decreaseFactor: Double
    /// Multiplicative increase per second far from convergence (draft §5.5, `eta`).
    public var increaseFactorPerSecond: Double

    /// Loss above this fraction decreases the loss-based estimate (draft §6).
    public var highLossFraction: Double
    /// Loss below this fraction increases the loss-based estimate (draft §6).
    public var lowLossFraction: Double
    /// Minimum time between two loss-based updates.
    public var lossEvaluationInterval: Duration
    /// Minimum number of packets described before a loss-based update.
    public var lossEvaluationMinimumPackets: Int

    /// Window of the acknowledged-bitrate estimator (receive-side throughput).
    public var acknowledgedWindow: Duration
    /// Delivered rate / sent rate over the same recent packets under which the path counts as
    /// overloaded and the estimate falls to the delivered rate at once (``DeliveryRateMonitor``).
    public var overloadDeliveryRatio: Double
    /// How long after an overload cut new media waits while too much is in flight
    /// (``SendSideBandwidthEstimator/holdsMedia(now:)``): the queue the overload built drains.
    public var overloadDrainTime: Duration
    /// The congestion window while draining, as time at the estimate: media waits while the
    /// bytes sent and not yet reported by feedback exceed the estimate × this.
    public var overloadWindow: Duration

    /// Duration of a probe cluster.
    public var probeDuration: Duration
    /// Minimum number of packets in a probe cluster.
    public var probeMinimumPackets: Int
    /// Minimum time between two probes.
    public var probeInterval: Duration
    /// Longest back-off between probes after probes that found no more capacity.
    public var maxProbeInterval: Duration

    /// The default parameters, with the given rate limits.
    public init(startBitrate: BitsPerSecond = 300_000, minBitrate: BitsPerSecond = 30_000,
                maxBitrate: BitsPerSecond = 10_000_000) {
        self.startBitrate = startBitrate
        self.minBitrate = minBitrate
        self.maxBitrate = maxBitrate
        burstTime = .milliseconds(5)
        trendlineWindow = 20
        trendlineSmoothing = 0.9
        trendlineGain = 4
        initialThresholdMilliseconds = 12.5
        thresholdGainUp = 0.0087
        thresholdGainDown = 0.039
        overuseTime = .milliseconds(10)
        decreaseFactor = 0.85
        increaseFactorPerSecond = 1.08
        highLossFraction = 0.10
        lowLossFraction = 0.02
        lossEvaluationInterval = .seconds(1)
        lossEvaluationMinimumPackets = 20
        acknowledgedWindow = .milliseconds(500)
        overloadDeliveryRatio = 0.5
        overloadDrainTime = .seconds(2)
        overloadWindow = .milliseconds(200)
        probeDuration = .milliseconds(15)
        probeMinimumPackets = 5
        probeInterval = .seconds(2)
        maxProbeInterval = .seconds(8)
    }

    /// `value` limited to ``minBitrate``...``maxBitrate``.
    func clamp(_ value: BitsPerSecond) -> BitsPerSecond {
        Swift.min(Swift.max(value, minBitrate), Swift.max(minBitrate, maxBitrate))
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

extension Int64 {
    /// `value` rounded toward zero and clamped to the Int64 range; NaN becomes 0. Used for
    /// every rate computed in floating point, so no input can make a conversion trap.
    init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2e18 {
            self = .max
        } else if value <= -9.2e18 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}
