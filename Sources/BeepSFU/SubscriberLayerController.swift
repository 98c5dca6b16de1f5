import BeepWire

/// One layer change decided by a ``SubscriberLayerController``.
public struct LayerChange: Sendable, Hashable {
    /// The consumer.
    public var consumer: ConsumerID
    /// Its new layer; nil pauses it.
    public var layer: SimulcastLayer?

    /// A change.
    public init(consumer: ConsumerID, layer: SimulcastLayer?) {
        self.consumer = consumer
        self.layer = layer
    }
}

/// What a ``SubscriberLayerController`` decided at one update.
public struct LayerDecision: Sendable, Hashable {
    /// Layers to apply now (``SFURouter/setSimulcastLayer(_:to:now:)``, or pause/resume for a
    /// single-encoding video), in request order.
    public var changes: [LayerChange]
    /// The demand to hand the bandwidth estimator (`setDesiredBitrate`), so it probes for it.
    public var desiredBitrate: Int64
    /// The allocator's raw result, before the switch policy.
    public var allocation: LayerAllocationResult

    /// A decision.
    public init(changes: [LayerChange], desiredBitrate: Int64, allocation: LayerAllocationResult) {
        self.changes = changes
        self.desiredBitrate = desiredBitrate
        self.allocation = allocation
    }
}

/// The per-subscriber glue between a bandwidth estimate and layer choices: runs the
/// ``LayerAllocator`` on the estimate and passes each video consumer's proposal through its
/// own ``LayerSwitchPolicy``. Call ``update(estimate:requests:now:)`` periodically (every
/// 100-200 ms) and after estimate changes; report successful probes with
/// ``probeSucceeded()``. The requests' ``LayerAllocationRequest/current`` is filled in from the
/// policies, so callers need not track layers.
public struct SubscriberLayerController: Sendable {
    /// The allocator used.
    public var allocator: LayerAllocator
    /// Timing for new consumers' policies.
    public var policyConfiguration: LayerSwitchPolicy.Configuration
    private var policies: [ConsumerID: LayerSwitchPolicy] = [:]

    /// A controller.
    public init(allocator: LayerAllocator = LayerAllocator(),
                policyConfiguration: LayerSwitchPolicy.Configuration = LayerSwitchPolicy.Configuration()) {
        self.allocator = allocator
        self.policyConfiguration = policyConfiguration
    }

    /// The layer chosen for a consumer (nil: paused or unknown).
    public func layer(of consumer: ConsumerID) -> SimulcastLayer? { policies[consumer]?.current }

    /// A probe reached its target: pending upgrades need not wait for the hold time.
    public mutating func probeSucceeded() {
        for consumer in policies.keys { policies[consumer]?.probeSucceeded() }
    }

    /// Forgets a consumer that was closed.
    public mutating func remove(_ consumer: ConsumerID) { policies.removeValue(forKey: consumer) }

    /// Allocates `estimate` bits per second across `requests` and returns the layer changes
    /// to apply now. Consumers missing from `requests` are forgotten.
    public mutating func update(estimate: Int64, requests: [LayerAllocationRequest], now: MonotonicTime) -> LayerDecision {
        let present = Set(requests.map(\.consumer))
        policies = policies.filter { present.contains($0.key) }
        var completed = requests
        for index in completed.indices {
            guard case .video = completed[index].media else { continue }
            let consumer = completed[index].consumer
            if policies[consumer] == nil { policies[consumer] = LayerSwitchPolicy(configuration: policyConfiguration) }
            completed[index].current = policies[consumer]?.current
        }
        let result = allocator.allocate(budget: estimate, requests: completed)
        var changes: [LayerChange] = []
        for request in completed {
            guard case .video = request.media, var policy = policies[request.consumer] else { continue }
            let proposal = result.allocation(of: request.consumer)?.layer
            if let change = policy.update(proposed: proposal, now: now) {
                changes.append(LayerChange(consumer: request.consumer, layer: change))
            }
            policies[request.consumer] = policy
        }
        return LayerDecision(changes: changes, desiredBitrate: result.desiredBitrate, allocation: result)
    }
}

extension SubscriberLayerController {
    /// Starts tracking a new consumer at the layer it already forwards (e.g. the lowest, set at
    /// creation so the first picture needs no upgrade hold); nil for a paused one. Replaces any
    /// earlier state of that consumer.
    public mutating func seed(_ consumer: ConsumerID, layer: SimulcastLayer?) {
        policies[consumer] = LayerSwitchPolicy(configuration: policyConfiguration, initial: layer)
    }
}
