import BeepWire

/// Decides when to probe and at what rate.
///
/// - At start, one probe at 3 × the start bitrate finds a usable rate quickly.
/// - While the allocator wants more than the estimate (``setDesired(_:now:)``, with a 10 %
///   margin), a probe at min(desired, 2 × estimate) is sent at most every
///   ``BandwidthEstimatorConfiguration/probeInterval``; a probe that reached its target allows
///   the next one 500 ms later (exponential search), one that did not doubles the interval up
///   to ``BandwidthEstimatorConfiguration/maxProbeInterval`` — or only up to
///   ``largeGapMaxInterval`` while the demand is more than twice the estimate: a subscriber held
///   on the low layer by a narrow path that widens again then finds out within seconds (the
///   probes are small: 60 ms at twice an estimate that is itself small).
/// - One probe is in flight at a time; it is abandoned after 1 s without a result.
/// - After a delay-based decrease no probe starts for one probe interval: a congested path
///   has nothing to reveal.
struct ProbeController: Sendable {
    private let configuration: BandwidthEstimatorConfiguration
    private var nextID = 1
    private var desired: BitsPerSecond?
    private var nextAllowed: MonotonicTime?
    private var interval: Duration
    private var inFlight: (id: Int, since: MonotonicTime)?
    private var startProbeSent = false
    /// Probes created so far.
    private(set) var probesSent = 0

    static let retryAfterSuccess: Duration = .milliseconds(500)
    static let resultTimeout: Duration = .seconds(1)
    static let demandMargin = 1.1
    /// The longest back-off while the demand exceeds twice the estimate.
    static let largeGapMaxInterval: Duration = .seconds(4)
    /// The estimate at the last ``poll(estimate:now:)``.
    private var lastEstimate: BitsPerSecond?

    init(configuration: BandwidthEstimatorConfiguration) {
        self.configuration = configuration
        interval = configuration.probeInterval
    }

    /// The allocator's demand; a rise of more than 10 % allows a probe at once.
    mutating func setDesired(_ bitrate: BitsPerSecond?, now: MonotonicTime) {
        if let bitrate, Double(bitrate) > Double(desired ?? 0) * Self.demandMargin {
            nextAllowed = now
            interval = configuration.probeInterval
        }
        desired = bitrate
    }

    /// The probe to send now, if any, given the current estimate.
    mutating func poll(estimate: BitsPerSecond, now: MonotonicTime) -> ProbeCluster? {
        lastEstimate = estimate
        if let inFlight {
            guard now - inFlight.since >= Self.resultTimeout else { return nil }
            self.inFlight = nil
            fail(now: now)
        }
        var target: BitsPerSecond?
        if !startProbeSent {
            startProbeSent = true
            target = 3 * estimate
        } else if let desired, Double(desired) > Double(estimate) * Self.demandMargin,
                  nextAllowed.map({ now >= $0 }) ?? true {
            target = min(desired, 2 * estimate)
        }
        guard let target else { return nil }
        let bounded = min(target, configuration.maxBitrate)
        guard bounded > estimate else { return nil }
        let cluster = ProbeCluster(id: nextID, targetBitrate: bounded, duration: configuration.probeDuration,
                                   minimumPackets: configuration.probeMinimumPackets, createdAt: now)
        nextID += 1
        probesSent += 1
        inFlight = (cluster.id, now)
        nextAllowed = now + interval
        return cluster
    }

    /// The delay-based controller decreased: the path is congested, so no probe for a while.
    mutating func congestionDetected(now: MonotonicTime) {
        let quiet = now + configuration.probeInterval
        if nextAllowed.map({ $0 < quiet }) ?? true { nextAllowed = quiet }
    }

    /// The result of a cluster arrived.
    mutating func resultArrived(_ result: ProbeResult, now: MonotonicTime) {
        if inFlight?.id == result.clusterID { inFlight = nil }
        if result.reachedTarget {
            interval = configuration.probeInterval
            nextAllowed = now + Self.retryAfterSuccess
        } else {
            fail(now: now)
        }
    }

    private mutating func fail(now: MonotonicTime) {
        let largeGap = desired.map { demand in lastEstimate.map { Double(demand) > 2 * Double($0) } ?? false } ?? false
        interval = min(interval * 2, largeGap ? min(Self.largeGapMaxInterval, configuration.maxProbeInterval)
                                                : configuration.maxProbeInterval)
        nextAllowed = now + interval
    }
}
