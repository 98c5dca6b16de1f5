/// The allocator's result for one subscriber.
public struct LayerAllocationResult: Sendable, Hashable {
    /// One allocation per request, in request order.
    public var allocations: [LayerAllocation]
    /// The bitrate the allocations use.
    public var allocatedBitrate: Int64
    /// What the subscriber would need for every consumer at its highest allowed layer, with
    /// the upgrade margin where that layer is above the current one: the demand to hand the
    /// estimator so that it probes for enough to move up.
    public var desiredBitrate: Int64

    /// A result.
    public init(allocations: [LayerAllocation], allocatedBitrate: Int64, desiredBitrate: Int64) {
        self.allocations = allocations
        self.allocatedBitrate = allocatedBitrate
        self.desiredBitrate = desiredBitrate
    }

    /// The allocation of a consumer.
    public func allocation(of consumer: ConsumerID) -> LayerAllocation? { allocations.first { $0.consumer == consumer } }
}
