import BeepWire

/// The delay-based half of the estimator (draft-ietf-rmcat-gcc-02 §5): packet groups
/// (§5.1, §5.2) → delay trend (§5.3) → over-use detector (§5.4) → AIMD rate control (§5.5).
struct DelayBasedEstimator: Sendable {
    private var grouping: InterArrivalGrouping
    private var trendline: TrendlineFilter
    private(set) var detector: OveruseDetector
    private(set) var rateController: AIMDRateController

    init(configuration: BandwidthEstimatorConfiguration) {
        grouping = InterArrivalGrouping(burstTime: configuration.burstTime)
        trendline = TrendlineFilter(windowSize: configuration.trendlineWindow,
                                    smoothing: configuration.trendlineSmoothing, gain: configuration.trendlineGain)
        detector = OveruseDetector(initialThreshold: configuration.initialThresholdMilliseconds,
                                   gainUp: configuration.thresholdGainUp, gainDown: configuration.thresholdGainDown,
                                   overuseTimeMilliseconds: configuration.overuseTime.milliseconds)
        rateController = AIMDRateController(configuration: configuration)
    }

    var estimate: BitsPerSecond { rateController.estimate }
    var usage: BandwidthUsage { detector.state }

    /// Feeds the received packets of one feedback message (in arrival order), then updates
    /// the rate once with the resulting network state.
    /// `applicationLimited`: the sender uses well under its estimate (a decrease then starts
    /// from the estimate, not from the acknowledged rate; ``AIMDRateController``).
    mutating func process(received: [PacketResult], acknowledged: BitsPerSecond?, roundTripTime: Duration,
                          applicationLimited: Bool = false, now: MonotonicTime) {
        var overused = false
        for result in received {
            guard let arrival = result.arrivalMicroseconds else { continue }
            guard let delta = grouping.add(sendMicroseconds: result.sent.sendTime.nanoseconds / 1000,
                                           arrivalMicroseconds: arrival) else { continue }
            let trend = trendline.add(delta)
            let usage = detector.detect(trend: trend, sendDelta: delta.sendDeltaMilliseconds,
                                        deltaCount: trendline.deltaCount, nowMilliseconds: delta.arrivalMilliseconds)
            if usage == .overusing { overused = true }
        }
        // An over-use seen anywhere in the batch must not be hidden by a later sample.
        rateController.update(usage: overused ? .overusing : detector.state, acknowledged: acknowledged,
                              roundTripTime: roundTripTime, applicationLimited: applicationLimited, now: now)
    }

    /// Sets the rate directly (a probe result).
    mutating func setEstimate(_ value: BitsPerSecond, now: MonotonicTime) { rateController.setEstimate(value, now: now) }
}
