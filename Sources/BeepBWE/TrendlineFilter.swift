/// Estimates the trend of the one-way delay variation from group deltas: the accumulated
/// delay variation is smoothed exponentially and a least-squares line is fitted through the
/// last ``windowSize`` (arrival time, smoothed delay) points; its slope, scaled by the number
/// of deltas and a gain, is the signal `m(i)` the over-use detector compares with its
/// threshold (draft-ietf-rmcat-gcc-02 §5.3 specifies a Kalman filter for `m(i)`; the
/// trendline is the regression-based replacement later adopted by libwebrtc, same role).
struct TrendlineFilter: Sendable {
    let windowSize: Int
    let smoothing: Double
    let gain: Double
    private var accumulatedDelay = 0.0
    private var smoothedDelay = 0.0
    private var firstArrival: Double?
    private var points: [(x: Double, y: Double)] = []
    private(set) var deltaCount = 0
    /// The last slope computed (ms of delay per ms of time), 0 until the window fills.
    private(set) var slope = 0.0

    /// The number of deltas the scaled trend may count (libwebrtc's cap).
    static let maxDeltaCount = 60

    init(windowSize: Int, smoothing: Double, gain: Double) {
        self.windowSize = max(2, windowSize)
        self.smoothing = min(max(smoothing, 0), 1)
        self.gain = gain
    }

    /// Adds one group delta; returns the modified trend `m(i)` for the detector (ms).
    mutating func add(_ delta: GroupDelta) -> Double {
        deltaCount = min(deltaCount + 1, Self.maxDeltaCount)
        let first = firstArrival ?? delta.arrivalMilliseconds
        firstArrival = first
        accumulatedDelay += delta.arrivalDeltaMilliseconds - delta.sendDeltaMilliseconds
        smoothedDelay = smoothing * smoothedDelay + (1 - smoothing) * accumulatedDelay
        points.append((delta.arrivalMilliseconds - first, smoothedDelay))
        if points.count > windowSize { points.removeFirst(points.count - windowSize) }
        if points.count == windowSize, let fitted = Self.leastSquaresSlope(points) { slope = fitted }
        return Double(deltaCount) * slope * gain
    }

    /// The slope of the least-squares line through `points`, nil when all x are equal.
    static func leastSquaresSlope(_ points: [(x: Double, y: Double)]) -> Double? {
        guard !points.isEmpty else { return nil }
        let count = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / count
        let meanY = points.reduce(0) { $0 + $1.y } / count
        var numerator = 0.0
        var denominator = 0.0
        for point in points {
            numerator += (point.x - meanX) * (point.y - meanY)
            denominator += (point.x - meanX) * (point.x - meanX)
        }
        guard denominator > 0 else { return nil }
        return numerator / denominator
    }
}
