import BeepSFU
import BeepWire

/// One layer change the call server applied to a subscriber's consumer, with the estimate
/// behind it (`GET /admin/stats`, `rooms[].adaptation[].recentDecisions`): what an operator or
/// a test reads to see why a layer moved. Bitrates in bits per second.
public struct LayerDecisionRecord: Codable, Sendable, Hashable {
    /// When, in milliseconds of the media worker's monotonic clock.
    public var atMilliseconds: Int64
    /// The consumer.
    public var consumer: ConsumerID
    /// The layer chosen (nil: paused).
    public var layer: SimulcastLayer?
    /// The budget the allocator divided (the estimate, or the operator's cap when lower).
    public var budget: Int64
    /// The estimate's parts at that moment.
    public var delayBasedBitrate: Int64
    public var lossBasedBitrate: Int64
    public var acknowledgedBitrate: Int64?
    public var lossFraction: Double
    /// The estimator's overload cuts so far (``BandwidthEstimate/overloadCuts``).
    public var overloadCuts: UInt64?
}

/// The last ``capacity`` layer decisions of one subscriber, oldest first.
struct LayerDecisionLog: Sendable {
    /// How many records are kept.
    static let capacity = 16
    private(set) var records: [LayerDecisionRecord] = []

    /// Appends a record, forgetting the oldest beyond ``capacity``.
    mutating func append(_ record: LayerDecisionRecord) {
        records.append(record)
        if records.count > Self.capacity { records.removeFirst(records.count - Self.capacity) }
    }
}
