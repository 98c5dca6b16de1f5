import Benchmark

/// The configuration every Beep benchmark suite uses: throughput, wall clock and allocation
/// counts, reported per operation (1000 operations per measured iteration), with a bounded
/// run time so that `make bench` finishes in a few minutes.
public enum BenchConfiguration {
    /// Operations per measured iteration; the tool divides the scaled metrics by it.
    public static var scalingFactor: BenchmarkScalingFactor { .kilo }

    /// The metrics of every benchmark: ops/s, ns/op and heap allocations/op.
    public static var metrics: [BenchmarkMetric] { [.throughput, .wallClock, .mallocCountTotal] }

    /// Seconds each benchmark runs at most: `BEEP_BENCH_MAX_SECONDS` (1-60), default 2.
    public static var maxSeconds: Int {
        let text = environmentValue("BEEP_BENCH_MAX_SECONDS") ?? ""
        guard let seconds = Int(text), (1...60).contains(seconds) else { return 2 }
        return seconds
    }

    /// Makes ``metrics``, ``scalingFactor`` and ``maxSeconds`` the suite's defaults.
    public static func apply() {
        Benchmark.defaultConfiguration = .init(
            metrics: metrics,
            timeUnits: .nanoseconds,
            warmupIterations: 10,
            scalingFactor: scalingFactor,
            maxDuration: .seconds(maxSeconds),
            maxIterations: 10_000_000
        )
    }
}
