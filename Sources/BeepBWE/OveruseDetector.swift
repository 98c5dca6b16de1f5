/// The over-use detector with an adaptive threshold (draft-ietf-rmcat-gcc-02 §5.4): the
/// signal `m(i)` is compared with `±del_var_th(i)`; over-use is declared when `m(i)` stayed
/// above the threshold for ``overuseTimeMilliseconds`` and is not decreasing. The threshold
/// follows `del_var_th(i) = del_var_th(i-1) + Δt · K(i) · (|m(i)| - del_var_th(i-1))`, with
/// `K = K_u` when `|m|` is above it and `K_d` below, clamped to 6...600 ms, and not updated
/// for outliers more than 15 ms above it.
struct OveruseDetector: Sendable {
    let gainUp: Double
    let gainDown: Double
    let overuseTimeMilliseconds: Double
    private(set) var threshold: Double
    private(set) var state: BandwidthUsage = .normal
    private var timeOverusing: Double?
    private var overuseCount = 0
    private var previousTrend = 0.0
    private var lastThresholdUpdate: Double?

    static let thresholdRange = 6.0...600.0
    static let maxOutlierMilliseconds = 15.0
    static let maxThresholdStepMilliseconds = 100.0

    init(initialThreshold: Double, gainUp: Double, gainDown: Double, overuseTimeMilliseconds: Double) {
        threshold = initialThreshold
        self.gainUp = gainUp
        self.gainDown = gainDown
        self.overuseTimeMilliseconds = overuseTimeMilliseconds
    }

    /// Classifies a new trend value. `sendDelta` is the time the group delta spans (ms),
    /// `nowMilliseconds` the arrival time it was computed at, `deltaCount` how many deltas
    /// the trend is built from (no decision before two).
    mutating func detect(trend: Double, sendDelta: Double, deltaCount: Int, nowMilliseconds: Double) -> BandwidthUsage {
        guard deltaCount >= 2 else { return state }
        if trend > threshold {
            if let time = timeOverusing {
                timeOverusing = time + sendDelta
            } else {
                timeOverusing = sendDelta / 2  // assume half the span since the last sample
            }
            overuseCount += 1
            if let time = timeOverusing, time > overuseTimeMilliseconds, overuseCount > 1, trend >= previousTrend {
                timeOverusing = 0
                overuseCount = 0
                state = .overusing
            }
        } else if trend < -threshold {
            timeOverusing = nil
            overuseCount = 0
            state = .underusing
        } else {
            timeOverusing = nil
            overuseCount = 0
            state = .normal
        }
        previousTrend = trend
        adaptThreshold(trend: trend, nowMilliseconds: nowMilliseconds)
        return state
    }

    private mutating func adaptThreshold(trend: Double, nowMilliseconds: Double) {
        let last = lastThresholdUpdate ?? nowMilliseconds
        lastThresholdUpdate = nowMilliseconds
        let magnitude = abs(trend)
        guard magnitude <= threshold + Self.maxOutlierMilliseconds else { return }
        let gain = magnitude < threshold ? gainDown : gainUp
        let elapsed = min(max(nowMilliseconds - last, 0), Self.maxThresholdStepMilliseconds)
        threshold += gain * (magnitude - threshold) * elapsed
        threshold = min(max(threshold, Self.thresholdRange.lowerBound), Self.thresholdRange.upperBound)
    }
}
