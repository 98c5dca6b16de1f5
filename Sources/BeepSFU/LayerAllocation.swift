/// The allocator's choice for one consumer.
public struct LayerAllocation: Sendable, Hashable {
    /// The consumer.
    public var consumer: ConsumerID
    /// The layer to forward; nil pauses video (never audio).
    public var layer: SimulcastLayer?
    /// The bitrate reserved for it.
    public var bitrate: Int64

    /// An allocation.
    public init(consumer: ConsumerID, layer: SimulcastLayer?, bitrate: Int64) {
        self.consumer = consumer
        self.layer = layer
        self.bitrate = bitrate
    }
}
