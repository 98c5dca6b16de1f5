import BeepBWE
import BeepRTCP
import BeepWire

/// A sender paced at the estimator's target, a ``BottleneckLink``, and a receiver sending
/// transport-wide feedback every ``feedbackInterval`` (serialised and parsed through BeepRTCP),
/// run in 1 ms steps of virtual time.
struct BWESimulation {
    var estimator: SendSideBandwidthEstimator
    var link: BottleneckLink
    var now = MonotonicTime.zero
    /// What the sender would like to send (drives probing); nil for no demand signal.
    var desired: BitsPerSecond?
    var packetSize = 1200
    /// The media rate the sender has (the allocated layers); nil sends at the target rate.
    var mediaBitrate: BitsPerSecond?
    var feedbackInterval: Duration = .milliseconds(50)
    /// Key frames: every `every`, `packets` extra packets sent at once (unpaced), on top of
    /// ``mediaBitrate``.
    var keyFrameBurst: (every: Duration, packets: Int)?
    /// Media waits while the estimator holds it (``SendSideBandwidthEstimator/holdsMedia(now:)``),
    /// as the call server's pacer does; what waits (up to 500 ms of media) leaves once it lets go.
    var honoursCongestionWindow = false
    /// Packets to send at once at the next step (a switch's key frame), media like the rest.
    var pendingBurst = 0
    /// Samples of (time, target) every 100 ms.
    private(set) var samples: [(time: MonotonicTime, target: BitsPerSecond)] = []
    private(set) var probeClusters: [ProbeCluster] = []
    private(set) var probeResults: [ProbeResult] = []

    private var nextSequence: UInt16
    private var credit = 0.0
    private var pacerBudget = 0.0
    private var inFlight: [(sequence: UInt16, arrival: MonotonicTime)] = []
    private var inFlightHead = 0
    private var arrived: [(sequence: UInt16, arrival: MonotonicTime)] = []
    private var nextToReport: UInt16?
    private var lastFeedback = MonotonicTime.zero
    private var feedbackCount: UInt8 = 0
    private var feedbackInTransit: [(deliverAt: MonotonicTime, message: TransportWideFeedback)] = []
    private var probeQueue: [(sendAt: MonotonicTime, cluster: Int)] = []
    private var activeProbe: (id: Int, end: MonotonicTime)?
    /// The receiver's clock runs from another origin than the sender's.
    static let receiverClockOffsetMicroseconds: Int64 = 987_654_321

    init(estimator: SendSideBandwidthEstimator, link: BottleneckLink, firstSequence: UInt16 = 65_000) {
        self.estimator = estimator
        self.link = link
        nextSequence = firstSequence
    }

    /// Runs until `end`, with the link capacity given by `capacity(now)` at each step.
    mutating func run(until end: MonotonicTime, capacity: (MonotonicTime) -> BitsPerSecond) {
        while now < end {
            link.capacity = capacity(now)
            step()
            now = now + .milliseconds(1)
        }
    }

    private mutating func step() {
        estimator.setDesiredBitrate(desired, now: now)
        if let cluster = estimator.pollProbe(now: now) {
            probeClusters.append(cluster)
            let window = cluster.duration(packetSize: packetSize)
            let padding = cluster.paddingBytes(mediaBitrate: mediaBitrate ?? estimator.targetBitrate,
                                               packetSize: packetSize)
            let count = max(1, (padding + packetSize - 1) / packetSize)
            for index in 0..<count { probeQueue.append((now + window / count * index, cluster.id)) }
            activeProbe = (cluster.id, now + window)
        }
        if let probe = activeProbe, now >= probe.end { activeProbe = nil }
        while let first = probeQueue.first, first.sendAt <= now {
            probeQueue.removeFirst()
            send(probeCluster: first.cluster)
        }
        if let burst = keyFrameBurst, burst.every > .zero, now.nanoseconds % max(1, burst.every.nanosecondsForSimulation) == 0 {
            for _ in 0..<burst.packets { send(probeCluster: activeProbe?.id) }
        }
        let packetBits = Double(packetSize * 8)
        credit += Double(pendingBurst) * packetBits
        pendingBurst = 0
        credit += Double(mediaBitrate ?? estimator.targetBitrate) / 1000
        if honoursCongestionWindow {
            // Like the call server's pacer: at most 2.5 × the target leaves (5 ms of burst).
            let pacing = 2.5 * Double(estimator.targetBitrate) / 1000
            pacerBudget = min(pacerBudget + pacing, max(5 * pacing, packetBits))
        }
        while credit >= packetBits, !honoursCongestionWindow || (pacerBudget >= packetBits && !estimator.holdsMedia(now: now)) {
            credit -= packetBits
            pacerBudget -= packetBits
            send(probeCluster: activeProbe?.id)
        }
        credit = min(credit, honoursCongestionWindow ? Double(mediaBitrate ?? estimator.targetBitrate) / 2 + 2 * packetBits
                                                     : 2 * packetBits)
        receive()
        if now - lastFeedback >= feedbackInterval {
            lastFeedback = now
            sendFeedback()
        }
        while let first = feedbackInTransit.first, first.deliverAt <= now {
            feedbackInTransit.removeFirst()
            estimator.handleTransportFeedback(first.message, now: now)
        }
        while let result = estimator.pollProbeResult() { probeResults.append(result) }
        if now.nanoseconds % 100_000_000 == 0 { samples.append((now, estimator.targetBitrate)) }
    }

    private mutating func send(probeCluster: Int?) {
        let sequence = nextSequence
        nextSequence &+= 1
        estimator.packetSent(SentPacket(sequenceNumber: sequence, size: packetSize, sendTime: now,
                                        probeClusterID: probeCluster))
        if let arrival = link.transmit(size: packetSize, at: now) { inFlight.append((sequence, arrival)) }
    }

    private mutating func receive() {
        while inFlightHead < inFlight.count, inFlight[inFlightHead].arrival <= now {
            arrived.append(inFlight[inFlightHead])
            inFlightHead += 1
        }
        if inFlightHead > 4096 {
            inFlight.removeFirst(inFlightHead)
            inFlightHead = 0
        }
    }

    /// Reports everything from the first unreported sequence number to the newest arrival;
    /// the link is FIFO, so a missing packet below the newest arrival is lost.
    private mutating func sendFeedback() {
        guard let last = arrived.last else { return }
        let base = nextToReport ?? arrived[0].sequence
        let count = Int(last.sequence &- base) + 1
        guard count > 0, count < 0x8000 else { return }
        var arrivalBySequence: [UInt16: Int64] = [:]
        for packet in arrived {
            arrivalBySequence[packet.sequence] = packet.arrival.nanoseconds / 1000 + Self.receiverClockOffsetMicroseconds
        }
        guard let firstArrival = arrived.map({ $0.arrival.nanoseconds / 1000 }).min() else { return }
        let unit = TransportWideFeedback.referenceTimeUnitMicroseconds
        let referenceUnits = (firstArrival + Self.receiverClockOffsetMicroseconds) / unit
        var clock = referenceUnits * unit
        var results: [TransportWidePacketResult] = []
        for offset in 0..<count {
            let sequence = base &+ UInt16(offset)
            if let arrival = arrivalBySequence[sequence] {
                let delta = arrival - clock
                // The encoder rounds to 250 µs ticks; keep the running clock on the tick grid.
                let ticks = (delta + 125) / 250
                clock += ticks * 250
                results.append(.received(sequence, deltaMicroseconds: ticks * 250))
            } else {
                results.append(.notReceived(sequence))
            }
        }
        nextToReport = last.sequence &+ 1
        arrived.removeAll(keepingCapacity: true)
        feedbackCount &+= 1
        guard let message = try? TransportWideFeedback(
            senderSSRC: 1, mediaSSRC: 2, referenceTime: Int32(truncatingIfNeeded: referenceUnits & 0x7F_FFFF),
            feedbackPacketCount: feedbackCount, packets: results),
            let bytes = try? RTCPPacket.transportWideFeedback(message).serialize(),
            let parsed = try? RTCPCompound.parse(bytes).packets.first,
            case .transportWideFeedback(let wire) = parsed else { return }
        feedbackInTransit.append((now + link.propagationDelay, wire))
    }

    /// The first time at or after `start` when `condition` holds for the target.
    func firstTime(after start: MonotonicTime, where condition: (BitsPerSecond) -> Bool) -> Duration? {
        samples.first { $0.time >= start && condition($0.target) }.map { $0.time - start }
    }

    /// Mean target over samples in `range`.
    func meanTarget(in range: Range<MonotonicTime>) -> Double {
        let selected = samples.filter { range.contains($0.time) }
        guard !selected.isEmpty else { return 0 }
        return Double(selected.reduce(0) { $0 + $1.target }) / Double(selected.count)
    }

    /// Largest target over samples in `range`.
    func maxTarget(in range: Range<MonotonicTime>) -> BitsPerSecond {
        samples.filter { range.contains($0.time) }.map(\.target).max() ?? 0
    }

    /// Smallest target over samples in `range`.
    func minTarget(in range: Range<MonotonicTime>) -> BitsPerSecond {
        samples.filter { range.contains($0.time) }.map(\.target).min() ?? 0
    }
}

/// A time `seconds` after the origin.
func at(seconds: Double) -> MonotonicTime { MonotonicTime(nanoseconds: Int64(seconds * 1e9)) }

extension Duration {
    /// Whole nanoseconds (the simulation's durations are small).
    var nanosecondsForSimulation: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
