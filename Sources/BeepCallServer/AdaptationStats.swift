import BeepSFU

/// One subscriber's adaptive-video state for the admin API (`GET /admin/stats`,
/// `rooms[].adaptation`): its bandwidth estimate, limits and the layer each video consumer
/// forwards. Bitrates in bits per second.
public struct SubscriberAdaptationStats: Codable, Sendable, Hashable {
    /// The subscriber.
    public var participant: ParticipantID
    /// The estimator's target (what Beep may send it).
    public var targetBitrate: Int64
    /// The delay-based part (or the REMB without transport-cc).
    public var delayBasedBitrate: Int64
    /// The loss-based part.
    public var lossBasedBitrate: Int64
    /// What its feedback acknowledged over the last 500 ms, if known.
    public var acknowledgedBitrate: Int64?
    /// Where the estimate comes from: initial, transportWideFeedback or receiverEstimate.
    public var source: String
    /// Loss fraction (0-1) last seen by the loss-based controller.
    public var lossFraction: Double
    /// Times a sudden overload cut the estimate to the delivery rate.
    public var overloadCuts: UInt64
    /// What the allocator gave its consumers at the last update.
    public var allocatedBitrate: Int64
    /// What the allocator would send without a bandwidth limit (the probing target).
    public var desiredBitrate: Int64
    /// The operator's limits.
    public var limits: SubscriberLimits
    /// The send-path test hook's settings, when one is set.
    public var link: LinkTestSettings?
    /// Datagrams the test hook dropped: queue full under its cap, and at random.
    public var linkDroppedByCap: UInt64?
    public var linkDroppedRandomly: UInt64?
    /// Probe clusters sent, and how many reached their target rate.
    public var probesSent: UInt64
    public var probesSucceeded: UInt64
    /// Retransmissions its pacer refused for lack of budget (PacketPacer).
    public var refusedRetransmissions: UInt64
    /// Bytes waiting in its pacer.
    public var pacerQueuedBytes: Int
    /// Its video consumers' layers.
    public var layers: [ConsumerLayerStats]
    /// Its last layer changes, oldest first.
    public var recentDecisions: [LayerDecisionRecord]
}

/// The layer one video consumer forwards.
public struct ConsumerLayerStats: Codable, Sendable, Hashable {
    /// The consumer.
    public var consumer: ConsumerID
    /// The producer it copies.
    public var producer: ProducerID
    /// Who publishes it.
    public var publisher: ParticipantID
    /// "video" or "screen".
    public var kind: String
    /// True for a simulcast producer.
    public var simulcast: Bool
    /// The layer asked for (nil: paused).
    public var targetLayer: SimulcastLayer?
    /// The layer forwarded now (nil: paused, or waiting for the first key frame).
    public var currentLayer: SimulcastLayer?
    /// The rid of the encoding forwarded now.
    public var rid: String?
}
