/// What a test asked the send-path link hook (``LinkTestHook``) to emulate for one subscriber
/// (`POST /admin/test/link`, only with `BEEP_TEST_HOOKS=1`; docs/bandwidth-estimation.md).
public struct LinkTestSettings: Sendable, Hashable, Codable {
    /// The link's rate in bits per second; nil: unlimited.
    public var bitsPerSecond: Int64?
    /// Probability (0-1) of losing an RTP datagram.
    public var dropRate: Double
    /// Added one-way delay in milliseconds.
    public var delayMilliseconds: Int64
    /// The longest a datagram may queue before it is dropped, in milliseconds.
    public var maximumQueueMilliseconds: Int64

    /// Settings that change nothing.
    public static let passThrough = LinkTestSettings(bitsPerSecond: nil, dropRate: 0, delayMilliseconds: 0,
                                                     maximumQueueMilliseconds: 300)

    /// True when the hook has nothing to do.
    public var isPassThrough: Bool { bitsPerSecond == nil && dropRate <= 0 && delayMilliseconds <= 0 }

    /// Settings with the given values.
    public init(bitsPerSecond: Int64?, dropRate: Double, delayMilliseconds: Int64, maximumQueueMilliseconds: Int64) {
        self.bitsPerSecond = bitsPerSecond
        self.dropRate = dropRate
        self.delayMilliseconds = delayMilliseconds
        self.maximumQueueMilliseconds = maximumQueueMilliseconds
    }

    /// Why settings are refused.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// The reason, safe to return to the caller.
        public let description: String
    }

    /// Checks the ranges: rate ≥ 8 kbit/s, drop rate in 0-1, delay 0-10 s, queue 1 ms-10 s.
    public func validated() throws(Invalid) -> LinkTestSettings {
        if let rate = bitsPerSecond, rate < 8_000 { throw Invalid(description: "bitsPerSecond must be at least 8000") }
        guard dropRate.isFinite, (0...1).contains(dropRate) else { throw Invalid(description: "dropRate must be in 0...1") }
        guard (0...10_000).contains(delayMilliseconds) else { throw Invalid(description: "delayMilliseconds must be in 0...10000") }
        guard (1...10_000).contains(maximumQueueMilliseconds) else {
            throw Invalid(description: "maximumQueueMilliseconds must be in 1...10000")
        }
        return self
    }
}
