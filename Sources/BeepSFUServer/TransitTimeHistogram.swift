/// Per-packet times inside the SFU, from a datagram's read to the flush of what it caused
/// (its forwarded copies), as a log-linear histogram: exact below 16 µs, then 16 buckets per
/// power of two (at most 1/16 ≈ 6 % above the true value). Values are clamped to 2^30 µs.
/// A value type owned by one event loop: recording is an index computation and an increment.
public struct TransitTimeHistogram: Sendable, Hashable {
    private static let subBuckets = 16
    private static let maximumMagnitude = 30
    private static let bucketCount = subBuckets + (maximumMagnitude - 3) * subBuckets

    private var counts = [UInt64](repeating: 0, count: bucketCount)
    /// How many values were recorded.
    public private(set) var count: UInt64 = 0
    /// The largest value recorded, in microseconds.
    public private(set) var maximumMicroseconds: UInt64 = 0

    /// An empty histogram.
    public init() {}

    /// Records one time in nanoseconds (negative times count as 0).
    public mutating func record(nanoseconds: Int64) {
        let microseconds = UInt64(max(0, nanoseconds) / 1000)
        counts[Self.bucket(of: microseconds)] &+= 1
        count &+= 1
        maximumMicroseconds = max(maximumMicroseconds, microseconds)
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: TransitTimeHistogram) {
        for index in counts.indices { counts[index] &+= other.counts[index] }
        count &+= other.count
        maximumMicroseconds = max(maximumMicroseconds, other.maximumMicroseconds)
    }

    /// The value at `quantile` (0...1) in microseconds: the upper bound of its bucket, never
    /// above the maximum recorded; nil when empty.
    public func percentile(_ quantile: Double) -> UInt64? {
        guard count > 0 else { return nil }
        let rank = max(1, UInt64((min(max(quantile, 0), 1) * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen &+= bucketCount
            if seen >= rank { return min(Self.upperBound(of: index), maximumMicroseconds) }
        }
        return maximumMicroseconds
    }

    /// p50, p99 and p999 with the count and maximum.
    public var summary: TransitTimeSummary {
        TransitTimeSummary(count: count, p50Microseconds: percentile(0.5), p99Microseconds: percentile(0.99),
                           p999Microseconds: percentile(0.999), maximumMicroseconds: count > 0 ? maximumMicroseconds : nil)
    }

    static func bucket(of microseconds: UInt64) -> Int {
        let value = min(microseconds, (UInt64(1) << Self.maximumMagnitude) - 1)
        guard value >= UInt64(subBuckets) else { return Int(value) }
        let magnitude = 63 - value.leadingZeroBitCount  // floor(log2), 4...29
        let shift = magnitude - 4
        return subBuckets + (magnitude - 4) * subBuckets + Int(value >> UInt64(shift)) - subBuckets
    }

    static func upperBound(of bucket: Int) -> UInt64 {
        guard bucket >= subBuckets else { return UInt64(bucket) }
        let magnitude = (bucket - subBuckets) / subBuckets + 4
        let shift = magnitude - 4
        let sub = UInt64((bucket - subBuckets) % subBuckets + subBuckets)
        return ((sub + 1) << UInt64(shift)) - 1
    }
}

/// A transit-time histogram's figures, for the admin API, `/metrics` and `beep-stats`.
public struct TransitTimeSummary: Sendable, Hashable, Codable {
    /// Values recorded.
    public var count: UInt64
    /// Median, microseconds.
    public var p50Microseconds: UInt64?
    /// 99th percentile, microseconds.
    public var p99Microseconds: UInt64?
    /// 99.9th percentile, microseconds.
    public var p999Microseconds: UInt64?
    /// Largest value, microseconds.
    public var maximumMicroseconds: UInt64?

    /// A summary with the given figures.
    public init(count: UInt64, p50Microseconds: UInt64?, p99Microseconds: UInt64?, p999Microseconds: UInt64?,
                maximumMicroseconds: UInt64?) {
        self.count = count
        self.p50Microseconds = p50Microseconds
        self.p99Microseconds = p99Microseconds
        self.p999Microseconds = p999Microseconds
        self.maximumMicroseconds = maximumMicroseconds
    }
}
