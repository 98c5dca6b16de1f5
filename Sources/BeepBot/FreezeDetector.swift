import BeepWire

/// Counts video freezes: a gap of more than ``threshold`` between decoded frames while the
/// remote camera is expected to be live (not muted, not gone). Sans-IO: time comes in.
public struct FreezeDetector: Sendable, Hashable {
    /// A gap longer than this is a freeze (200 ms, as the call test defines it).
    public static let threshold: Duration = .milliseconds(200)

    /// Freezes seen.
    public private(set) var freezes = 0
    /// The longest gap between frames while live.
    public private(set) var longestGap: Duration = .zero
    /// Total time spent frozen (the part of each freezing gap beyond the threshold).
    public private(set) var frozenTime: Duration = .zero
    /// When the longest gap ended.
    public private(set) var longestGapEnd: MonotonicTime?
    private var lastFrame: MonotonicTime?
    private var live = true

    /// A detector; the clock starts at the first decoded frame.
    public init() {}

    /// A frame was decoded at `now`.
    public mutating func frameDecoded(at now: MonotonicTime) {
        if live, let lastFrame { account(gap: now - lastFrame, endingAt: now) }
        lastFrame = now
        live = true
    }

    /// The remote stopped on purpose at `now` (camera off, left): the gap up to now still
    /// counts, nothing after it does until the next frame.
    public mutating func pause(at now: MonotonicTime) {
        if live, let lastFrame { account(gap: now - lastFrame, endingAt: now) }
        live = false
        lastFrame = nil
    }

    /// Observation ends at `now`: a trailing gap counts if the stream was live.
    public mutating func finish(at now: MonotonicTime) { pause(at: now) }

    private mutating func account(gap: Duration, endingAt end: MonotonicTime) {
        if gap > longestGap {
            longestGap = gap
            longestGapEnd = end
        }
        if gap > Self.threshold {
            freezes += 1
            frozenTime += gap - Self.threshold
        }
    }
}

/// Summary of a series of samples (milliseconds): count, mean, min, max and 95th percentile.
public struct SampleSummary: Sendable, Hashable, Codable {
    /// Samples.
    public var count: Int
    /// Mean.
    public var mean: Double
    /// Minimum.
    public var min: Double
    /// Maximum.
    public var max: Double
    /// 95th percentile (nearest rank).
    public var p95: Double

    /// The summary of `samples`; nil when empty.
    public init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        min = sorted.first ?? 0
        max = sorted.last ?? 0
        let rank = Int((0.95 * Double(sorted.count)).rounded(.up)) - 1
        p95 = sorted[Swift.max(0, Swift.min(sorted.count - 1, rank))]
    }
}
