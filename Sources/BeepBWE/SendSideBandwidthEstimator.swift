import BeepRTCP
import BeepWire

/// A send-side bandwidth estimator for one subscriber's transport, in the spirit of Google
/// Congestion Control (draft-ietf-rmcat-gcc-02), sans-IO: every input carries `now`.
///
/// Feed it:
/// 1. every packet sent on the transport, with the transport-wide sequence number written into
///    its header extension (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2):
///    ``packetSent(_:)``;
/// 2. every transport-wide feedback message from the receiver (same draft §3.1):
///    ``handleTransportFeedback(_:now:)``;
/// 3. when transport-cc is not negotiated, REMB messages (draft-alvestrand-rmcat-remb-03) and
///    receiver-report loss: ``handleREMB(_:now:)``, ``handleReceiverReport(fractionLost:now:)``;
/// 4. the allocator's demand: ``setDesiredBitrate(_:now:)``.
///
/// Read ``targetBitrate`` (or ``estimate`` for details), send the probe clusters returned by
/// ``pollProbe(now:)``, and read probe outcomes with ``pollProbeResult()``.
///
/// The estimate is min(delay-based §5, loss-based §6), capped by a REMB when one was received.
public struct SendSideBandwidthEstimator: Sendable {
    /// The parameters in use.
    public let configuration: BandwidthEstimatorConfiguration
    private var feedback = TransportFeedbackAdapter()
    private var delayBased: DelayBasedEstimator
    private var lossBased: LossBasedController
    private var acknowledged: AcknowledgedBitrateEstimator
    private var applicationLimited = ApplicationLimitedRegionDetector()
    private var delivery = DeliveryRateMonitor()
    private var probes: ProbeController
    private var probeResults = ProbeResultEstimator()
    private var pendingProbeResults: [ProbeResult] = []
    private var receiverEstimate: BitsPerSecond?
    private var source: BandwidthEstimate.Source = .initial
    private var roundTripTime: Duration = .milliseconds(100)
    private var roundTripTimeIsExplicit = false
    /// While a probe's own queue may still be measured, the delay-based estimate does not
    /// fall below its value when the probe started (until this time).
    private var probeGuard: (until: MonotonicTime, floor: BitsPerSecond)?
    /// Sent packets a tail-drop overload must span (``DeliveryRateMonitor/Measurement/showsTailDrop(ratio:packets:)``).
    static let overloadEvidencePackets = 20
    /// How long after a probe starts its queue is not taken for congestion.
    static let probeGuardTime: Duration = .seconds(1)
    /// Feedback messages processed.
    public private(set) var feedbackCount: UInt64 = 0
    /// Times a sudden overload cut the estimate to the delivery rate (``DeliveryRateMonitor``).
    public private(set) var overloadCuts: UInt64 = 0
    /// When the last overload cut happened.
    private var lastOverloadCut: MonotonicTime?
    /// Whether the previous feedback's stretch showed a growing queue.
    private var queueGrewAtLastFeedback = false

    /// An estimator starting at ``BandwidthEstimatorConfiguration/startBitrate``.
    public init(configuration: BandwidthEstimatorConfiguration = BandwidthEstimatorConfiguration()) {
        self.configuration = configuration
        delayBased = DelayBasedEstimator(configuration: configuration)
        lossBased = LossBasedController(configuration: configuration)
        acknowledged = AcknowledgedBitrateEstimator(window: configuration.acknowledgedWindow)
        probes = ProbeController(configuration: configuration)
    }

    /// The rate the sender may use now.
    public var targetBitrate: BitsPerSecond {
        var target: BitsPerSecond
        switch source {
        case .initial, .transportWideFeedback:
            target = min(delayBased.estimate, lossBased.estimate)
        case .receiverEstimate:
            target = min(receiverEstimate ?? delayBased.estimate, lossBased.estimate)
        }
        if let receiverEstimate { target = min(target, receiverEstimate) }
        return configuration.clamp(target)
    }

    /// A snapshot of every part of the estimate.
    public var estimate: BandwidthEstimate {
        BandwidthEstimate(target: targetBitrate,
                          delayBased: source == .receiverEstimate ? (receiverEstimate ?? delayBased.estimate)
                              : delayBased.estimate,
                          lossBased: lossBased.estimate, acknowledged: acknowledged.bitrate,
                          receiverEstimate: receiverEstimate, usage: delayBased.usage,
                          lossFraction: lossBased.lastLossFraction,
                          roundTripTimeMilliseconds: roundTripTime.milliseconds, source: source,
                          overloadCuts: overloadCuts)
    }

    /// Records a packet put on the transport (media, RTX, padding or probe).
    public mutating func packetSent(_ packet: SentPacket) {
        feedback.packetSent(packet)
        applicationLimited.record(bytes: packet.size, at: packet.sendTime)
    }

    /// Bytes sent and not yet reported by feedback (in flight, or lost without a report yet).
    public var bytesInFlight: Int { feedback.history.bytesInFlight }

    /// Whether new media (video and retransmissions; audio always goes) should wait at `now`:
    /// for ``BandwidthEstimatorConfiguration/overloadDrainTime`` after an overload cut, while the
    /// bytes in flight exceed the estimate × ``BandwidthEstimatorConfiguration/overloadWindow``
    /// (a congestion window, as libwebrtc's pacer keeps one). The cut lowers the rate, but the
    /// bottleneck queue the overload filled is still full: a switch's key frame sent into it at
    /// once loses its tail, and the losses cut the estimate again, until video pauses. Waiting
    /// for feedback to report the queue drained lets that key frame through whole.
    public func holdsMedia(now: MonotonicTime) -> Bool {
        guard isDrainingAfterCut(now: now) else { return false }
        let window = Double(targetBitrate) / 8 * configuration.overloadWindow.milliseconds / 1000
        return Double(bytesInFlight) > window
    }

    /// Within ``BandwidthEstimatorConfiguration/overloadDrainTime`` of the last overload cut.
    private func isDrainingAfterCut(now: MonotonicTime) -> Bool {
        lastOverloadCut.map { now - $0 < configuration.overloadDrainTime } ?? false
    }

    /// Whether the sender was application-limited at the last feedback (sending under 65 % of
    /// the delay-based estimate; ``ApplicationLimitedRegionDetector``).
    public var isApplicationLimited: Bool { applicationLimited.isApplicationLimited }

    /// The packets recorded since the last call left the host at `time`: a driver that queues
    /// writes and flushes them later (one flush per read batch) calls this at the flush, so the
    /// send times the delay gradient (draft-ietf-rmcat-gcc-02 §5.2) compares with arrival times
    /// are departures, not the moments the packets were produced. Without it the batch's
    /// processing time — up to 100 ms on a loaded host — reads as queueing delay, i.e. over-use.
    public mutating func packetsLeft(at time: MonotonicTime) { feedback.packetsLeft(at: time) }

    /// Processes one transport-wide feedback message (draft-holmer-rmcat-transport-wide-cc-
    /// extensions-01 §3.1): matches packets to send records, updates the acknowledged
    /// bitrate, the delay-based (draft-ietf-rmcat-gcc-02 §5) and loss-based (§6) estimates,
    /// and measures probe clusters.
    public mutating func handleTransportFeedback(_ message: TransportWideFeedback, now: MonotonicTime) {
        let results = feedback.results(of: message)
        guard !results.isEmpty else { return }
        feedbackCount &+= 1
        if source != .transportWideFeedback {
            source = .transportWideFeedback
        }
        var received: [PacketResult] = []
        received.reserveCapacity(results.count)
        var latestSend: MonotonicTime?
        for result in results {
            probeResults.add(result)
            guard let arrival = result.arrivalMicroseconds else { continue }
            received.append(result)
            acknowledged.add(arrivalMicroseconds: arrival, bytes: result.sent.size)
            if latestSend.map({ result.sent.sendTime > $0 }) ?? true { latestSend = result.sent.sendTime }
        }
        delivery.add(results)
        received.sort { ($0.arrivalMicroseconds ?? 0) < ($1.arrivalMicroseconds ?? 0) }
        if let latestSend, !roundTripTimeIsExplicit {
            let sample = max(now - latestSend, .milliseconds(1))
            roundTripTime = roundTripTime * 0.875 + sample * 0.125
        }
        let before = delayBased.estimate
        let limited = applicationLimited.update(estimate: delayBased.estimate, now: now)
        delayBased.process(received: received, acknowledged: acknowledged.bitrate, roundTripTime: roundTripTime,
                           applicationLimited: limited, now: now)
        if delayBased.estimate < before, probeGuard == nil { probes.congestionDetected(now: now) }
        if let guardWindow = probeGuard {
            if now >= guardWindow.until {
                probeGuard = nil
            } else if delayBased.estimate < guardWindow.floor {
                delayBased.setEstimate(guardWindow.floor, now: now)  // the probe's queue, not the media's
            }
        }
        cutOnOverload(now: now)
        // Packets sent before an overload cut were lost to the overload the cut already
        // answered: their losses, reported up to a queue's length later, must not cut again.
        var (countedLost, countedReceived) = (0, 0)
        for result in results where lastOverloadCut.map({ result.sent.sendTime > $0 }) ?? true {
            if result.isReceived { countedReceived += 1 } else { countedLost += 1 }
        }
        lossBased.record(lost: countedLost, received: countedReceived, acknowledged: acknowledged.bitrate, now: now)
        for result in probeResults.collectResults() {
            probes.resultArrived(result, now: now)
            pendingProbeResults.append(result)
            if result.measuredBitrate > delayBased.estimate { delayBased.setEstimate(result.measuredBitrate, now: now) }
            lossBased.raise(to: result.measuredBitrate)
        }
        probeResults.expire(now: now, maxAge: .seconds(2))
        lossBased.limit(to: delayBased.estimate)
    }

    /// A sudden overload (``DeliveryRateMonitor``): when the path delivers under
    /// ``BandwidthEstimatorConfiguration/overloadDeliveryRatio`` × what was sent over the same
    /// packets — a full queue dropping most of them, or a growing queue seen steadily over the
    /// stretch, at two feedbacks in a row or with the delay trend's over-use — and the estimate
    /// is well above what it delivers, the estimate falls at once to
    /// `beta` × the delivery rate (draft-ietf-rmcat-gcc-02 §5.5's decrease, taken from the rate
    /// that reaches the receiver now rather than its 500 ms average), without waiting for the
    /// delay trend or the loss fraction to catch up.
    private mutating func cutOnOverload(now: MonotonicTime) {
        let measurement = delivery.measure(sentAfter: lastOverloadCut)
        let growing = measurement?.showsQueueGrowth(ratio: configuration.overloadDeliveryRatio) ?? false
        defer { queueGrewAtLastFeedback = growing }
        // A growing queue must show steadily (both halves of the stretch), twice in a row, or
        // with the delay trend's over-use: one stall and its catch-up burst shows once.
        // While the queue of a previous cut drains (``holdsMedia(now:)``), the sender's media
        // waits and then leaves at the pacing rate into a queue still partly full: that reads
        // as growth without being a new overload. Only tail drop counts then.
        let draining = isDrainingAfterCut(now: now)
        guard let measurement,
              measurement.showsTailDrop(ratio: configuration.overloadDeliveryRatio, packets: Self.overloadEvidencePackets)
                || (growing && !draining && (measurement.growsInBothHalves || queueGrewAtLastFeedback
                                             || delayBased.usage == .overusing)),
              Double(targetBitrate) > 1.5 * Double(measurement.delivered) else { return }
        let cut = configuration.clamp(BitsPerSecond(saturating: configuration.decreaseFactor * Double(measurement.delivered)))
        delayBased.setEstimate(min(delayBased.estimate, cut), now: now)
        lossBased.limit(to: cut)
        probes.congestionDetected(now: now)
        overloadCuts &+= 1
        lastOverloadCut = now
    }

    /// Processes a REMB (draft-alvestrand-rmcat-remb-03 §2): the receiver's estimate caps the
    /// target, and is the delay-based input when no transport-wide feedback arrives.
    public mutating func handleREMB(_ remb: ReceiverEstimatedMaxBitrate, now: MonotonicTime) {
        let value = BitsPerSecond(clamping: remb.bitrate)
        receiverEstimate = value
        if source == .initial {
            source = .receiverEstimate
            lossBased.raise(to: value)  // the first receiver estimate is trusted as the start
        }
        if source == .receiverEstimate { lossBased.limit(to: value) }
    }

    /// Loss from an RTCP receiver report block about the sender's media (RFC 3550 §6.4.1,
    /// "fraction lost" in 1/256): used by the loss-based controller when transport-wide
    /// feedback is not negotiated (with it, feedback already reports every loss).
    public mutating func handleReceiverReport(fractionLost: UInt8, now: MonotonicTime) {
        guard source != .transportWideFeedback else { return }
        lossBased.apply(lossFraction: Double(fractionLost) / 256, acknowledged: nil, now: now)
        if let receiverEstimate { lossBased.limit(to: receiverEstimate) }
    }

    /// A round-trip time measured elsewhere (RTCP receiver reports, RFC 3550 §6.4.1); from
    /// then on it replaces the feedback-based approximation.
    public mutating func handleRoundTripTime(_ rtt: Duration) {
        guard rtt > .zero else { return }
        roundTripTime = rtt
        roundTripTimeIsExplicit = true
    }

    /// What the allocator would like to send (the sum of the layers it wants); when it
    /// exceeds the estimate the estimator probes for more.
    public mutating func setDesiredBitrate(_ bitrate: BitsPerSecond?, now: MonotonicTime) {
        probes.setDesired(bitrate.map { configuration.clamp($0) }, now: now)
    }

    /// A probe cluster to send now, if one is due. For ``ProbeCluster/duration(packetSize:)``,
    /// add ``ProbeCluster/paddingBytes(mediaBitrate:packetSize:)`` of padding or RTX packets,
    /// paced evenly, to the media, and record every packet of the window (media included) with
    /// ``packetSent(_:)`` carrying the cluster id.
    public mutating func pollProbe(now: MonotonicTime) -> ProbeCluster? {
        guard source != .receiverEstimate else { return nil }  // probes need transport-wide feedback
        guard let cluster = probes.poll(estimate: targetBitrate, now: now) else { return nil }
        probeResults.begin(cluster)
        probeGuard = (now + Self.probeGuardTime, delayBased.estimate)
        return cluster
    }

    /// The next probe measurement, oldest first.
    public mutating func pollProbeResult() -> ProbeResult? {
        guard !pendingProbeResults.isEmpty else { return nil }
        return pendingProbeResults.removeFirst()
    }
}
