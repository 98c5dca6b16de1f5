/// What the allocator needs to know about one of a subscriber's consumers.
public struct LayerAllocationRequest: Sendable, Hashable {
    /// What is being consumed.
    public enum Media: Sendable, Hashable {
        /// Audio at a known bitrate: always allocated, never paused.
        case audio(bitrate: Int64)
        /// Video with selectable layers (a single-encoding track is a one-entry table).
        case video(SimulcastLayerTable)
    }

    /// The consumer.
    public var consumer: ConsumerID
    /// Audio or video layers.
    public var media: Media
    /// Its priority.
    public var priority: ConsumerPriority
    /// The highest layer the subscriber asked for (a small tile asks for a low one).
    public var requestedMax: SimulcastLayer?
    /// The highest layer the operator allows.
    public var operatorCap: SimulcastLayer?
    /// The layer forwarded now (nil when paused or new): moving above it needs a margin.
    public var current: SimulcastLayer?

    /// A request.
    public init(consumer: ConsumerID, media: Media, priority: ConsumerPriority = .normal,
                requestedMax: SimulcastLayer? = nil, operatorCap: SimulcastLayer? = nil,
                current: SimulcastLayer? = nil) {
        self.consumer = consumer
        self.media = media
        self.priority = priority
        self.requestedMax = requestedMax
        self.operatorCap = operatorCap
        self.current = current
    }

    /// The tighter of the subscriber's request and the operator's cap, per dimension.
    var cap: SimulcastLayer? {
        switch (requestedMax, operatorCap) {
        case let (request?, limit?):
            SimulcastLayer(spatial: min(request.spatial, limit.spatial), temporal: min(request.temporal, limit.temporal))
        case let (request?, nil): request
        case let (nil, limit?): limit
        case (nil, nil): nil
        }
    }
}
