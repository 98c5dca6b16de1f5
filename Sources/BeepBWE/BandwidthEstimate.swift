/// A snapshot of a ``SendSideBandwidthEstimator``, for the allocator, stats and logs.
public struct BandwidthEstimate: Sendable, Hashable, Codable {
    /// Where the delay-based part of the estimate comes from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Nothing received yet: the start bitrate.
        case initial
        /// Send-side estimation from transport-wide feedback.
        case transportWideFeedback
        /// The receiver's REMB (fallback when transport-cc is not negotiated).
        case receiverEstimate
    }

    /// The rate the sender may use: min(delay-based, loss-based, REMB if any).
    public var target: BitsPerSecond
    /// The delay-based estimate (draft-ietf-rmcat-gcc-02 §5.5), or the REMB in fallback mode.
    public var delayBased: BitsPerSecond
    /// The loss-based estimate (draft §6).
    public var lossBased: BitsPerSecond
    /// The bitrate the receiver acknowledged recently, when measured.
    public var acknowledged: BitsPerSecond?
    /// The last REMB value received, if any.
    public var receiverEstimate: BitsPerSecond?
    /// The detector's view of the path.
    public var usage: BandwidthUsage
    /// The loss fraction of the last loss-based update.
    public var lossFraction: Double
    /// The round-trip time in use, in milliseconds.
    public var roundTripTimeMilliseconds: Double
    /// The input in use.
    public var source: Source
    /// Times a sudden overload cut the estimate to the delivery rate so far.
    public var overloadCuts: UInt64

    /// A snapshot with the given values.
    public init(target: BitsPerSecond, delayBased: BitsPerSecond, lossBased: BitsPerSecond,
                acknowledged: BitsPerSecond?, receiverEstimate: BitsPerSecond?, usage: BandwidthUsage,
                lossFraction: Double, roundTripTimeMilliseconds: Double, source: Source,
                overloadCuts: UInt64 = 0) {
        self.target = target
        self.delayBased = delayBased
        self.lossBased = lossBased
        self.acknowledged = acknowledged
        self.receiverEstimate = receiverEstimate
        self.usage = usage
        self.lossFraction = lossFraction
        self.roundTripTimeMilliseconds = roundTripTimeMilliseconds
        self.source = source
        self.overloadCuts = overloadCuts
    }
}
