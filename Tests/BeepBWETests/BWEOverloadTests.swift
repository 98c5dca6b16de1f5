@testable import BeepBWE
import BeepWire
import Testing

/// A sudden overload in virtual time: the path of a subscriber receiving a top simulcast layer
/// drops six-fold, as in the browser test's cap (tools/interop/tests/test_call_simulcast.py:
/// 300 kbit/s, 300 ms buffer). The sender keeps forwarding the top layer until its target falls
/// under what that layer needs — the allocator's switch down — so the time to that point is the
/// time the bottleneck's queue fills with packets that will arrive late or not at all.
@Suite("Estimator under a sudden overload in virtual time")
struct BWEOverloadTests {
    /// Results of `count` packets of 1200 bytes sent every `sendGap` ms, arriving every
    /// `arrivalGap` ms after the first, those at `lost` indices lost.
    static func results(count: Int, sendGap: Double, arrivalGap: Double, lost: Set<Int> = [],
                        startMilliseconds: Double = 1000) -> [PacketResult] {
        (0..<count).map { index in
            let send = MonotonicTime(nanoseconds: Int64((startMilliseconds + Double(index) * sendGap) * 1e6))
            let arrival = lost.contains(index) ? nil : Int64((startMilliseconds + 30 + Double(index) * arrivalGap) * 1000)
            return PacketResult(sent: SentPacket(sequenceNumber: UInt16(index), size: 1200, sendTime: send),
                                arrivalMicroseconds: arrival)
        }
    }

    @Test("Delivery rate: a growing queue (sent every 1 ms, delivered every 6 ms) shows queue growth (the estimator then asks the delay trend)")
    func growingQueue() throws {
        var monitor = DeliveryRateMonitor()
        monitor.add(Self.results(count: 20, sendGap: 1, arrivalGap: 6))
        let measurement = try #require(monitor.measure())
        #expect(abs(Double(measurement.delivered) - 1600_000) < 20_000)  // 1200 B per 6 ms
        #expect(abs(Double(measurement.sent) - 9_600_000) < 100_000)  // 1200 B per ms
        #expect(measurement.showsQueueGrowth(ratio: 0.5) && !measurement.showsTailDrop(ratio: 0.5, packets: 20))
        #expect(measurement.growsInBothHalves)
    }

    @Test("Delivery rate: one 80 ms stall then a catch-up burst stretches the span but is no steady growth")
    func stallIsNoSteadyGrowth() throws {
        // Sent every 10 ms; the receiver gets 0-5 on time, then nothing for 80 ms, then 6-11 at once.
        let results = (0..<12).map { index in
            let arrival = index < 6 ? 1030 + index * 10 : 1030 + 5 * 10 + 80 + 60 + index
            return PacketResult(sent: SentPacket(sequenceNumber: UInt16(index), size: 1200,
                                                 sendTime: MonotonicTime(nanoseconds: Int64(1000 + index * 10) * 1_000_000)),
                                arrivalMicroseconds: Int64(arrival) * 1000)
        }
        var monitor = DeliveryRateMonitor()
        monitor.add(results)
        let measurement = try #require(monitor.measure())
        #expect(!measurement.growsInBothHalves)
    }

    @Test("Delivery rate: a full queue at a steady delay dropping 5 of 6 packets shows tail drop (more than half of 20+ sent packets lost)")
    func steadyTailDrop() throws {
        var monitor = DeliveryRateMonitor()
        monitor.add(Self.results(count: 31, sendGap: 5, arrivalGap: 5, lost: Set((0..<31).filter { $0 % 6 != 0 })))
        let measurement = try #require(monitor.measure())
        #expect(measurement.spanRatio == 1 && measurement.sentPackets >= 20)
        #expect(measurement.showsTailDrop(ratio: 0.5, packets: 20) && !measurement.showsQueueGrowth(ratio: 0.5))
    }

    @Test("Delivery rate: 25 % random loss at a steady delay over fewer than 20 packets, or a paced sender under capacity, is no overload")
    func randomLossIsNoOverload() throws {
        var lossy = DeliveryRateMonitor()
        lossy.add(Self.results(count: 12, sendGap: 10, arrivalGap: 10, lost: [1, 2, 4, 5, 7]))
        let measurement = try #require(lossy.measure())
        #expect(!measurement.showsTailDrop(ratio: 0.5, packets: 20) && !measurement.showsQueueGrowth(ratio: 0.5))
        var clean = DeliveryRateMonitor()
        clean.add(Self.results(count: 40, sendGap: 4, arrivalGap: 4))
        let steady = try #require(clean.measure())
        #expect(steady.delivered == steady.sent && !steady.showsTailDrop(ratio: 0.5, packets: 20)
            && !steady.showsQueueGrowth(ratio: 0.5))
    }

    @Test("Delivery rate: nothing measured before enough packets span enough arrival time")
    func needsEvidence() {
        var monitor = DeliveryRateMonitor()
        #expect(monitor.measure() == nil)
        monitor.add(Self.results(count: 4, sendGap: 50, arrivalGap: 50))
        #expect(monitor.measure() == nil)  // 4 received < 5
        monitor.add(Self.results(count: 20, sendGap: 1, arrivalGap: 1, startMilliseconds: 3000))
        #expect(monitor.measure() == nil)  // 20 ms of arrivals < 100 ms (the older ones expired after 1 s)
    }

    /// The forwarded top layer and audio.
    static let topLayerBitrate: BitsPerSecond = 1_800_000
    /// The low layer the allocator switches to.
    static let lowLayerBitrate: BitsPerSecond = 200_000
    /// Under this target the top layer no longer fits (the allocator moves to the low one).
    static let switchDownBelow: BitsPerSecond = 600_000

    /// The low layer's key frame, sent at the switch down: 8 packets of 1200 bytes.
    static let switchKeyFramePackets = 8

    struct Outcome {
        var switchDown: Duration?
        var nearCapacity: Duration?
        var settledMean: Double
        var settledMinimum: BitsPerSecond
        /// The least target from the switch down to 3 s after the drop.
        var minimumAfterSwitch: BitsPerSecond = 0
        /// Packets the bottleneck dropped from the switch down to 3 s after the drop.
        var droppedAfterSwitch = 0
    }

    /// `justAfterProbe`: the capacity falls 30 ms after a probe cluster started (its packets
    /// are in flight while the overload begins). `honoursCongestionWindow`: media waits while
    /// the estimator holds it after the overload cut (the call server's pacer).
    static func run(capacityAfter capacity: BitsPerSecond, justAfterProbe: Bool = false,
                    honoursCongestionWindow: Bool = false) -> Outcome {
        var simulation = BWEConvergenceTests.simulation(capacity: 3_000_000)
        simulation.honoursCongestionWindow = honoursCongestionWindow
        simulation.mediaBitrate = topLayerBitrate
        simulation.run(until: at(seconds: 15)) { _ in 3_000_000 }
        if justAfterProbe {
            let probes = simulation.probeClusters.count
            while simulation.probeClusters.count == probes, simulation.now < at(seconds: 40) {
                simulation.run(until: simulation.now + .milliseconds(1)) { _ in 3_000_000 }
            }
        }
        let drop = justAfterProbe ? simulation.now + .milliseconds(30) : at(seconds: 20)
        simulation.run(until: drop) { _ in 3_000_000 }
        var outcome = Outcome(settledMean: 0, settledMinimum: 0)
        var now = drop
        var droppedAtSwitch = 0
        outcome.minimumAfterSwitch = .max
        while now < drop + .seconds(10) {
            now = now + .milliseconds(5)
            simulation.run(until: now) { _ in capacity }
            let target = simulation.estimator.targetBitrate
            if outcome.switchDown == nil, target < switchDownBelow {
                outcome.switchDown = now - drop
                simulation.mediaBitrate = lowLayerBitrate
                simulation.pendingBurst = switchKeyFramePackets
                droppedAtSwitch = simulation.link.dropped
            }
            if outcome.switchDown != nil, now <= drop + .seconds(3) {
                outcome.minimumAfterSwitch = min(outcome.minimumAfterSwitch, target)
                outcome.droppedAfterSwitch = simulation.link.dropped - droppedAtSwitch
            }
            if outcome.nearCapacity == nil, Double(target) <= 1.2 * Double(capacity) { outcome.nearCapacity = now - drop }
        }
        outcome.settledMean = simulation.meanTarget(in: (drop + .seconds(3))..<(drop + .seconds(10)))
        outcome.settledMinimum = simulation.minTarget(in: (drop + .seconds(3))..<(drop + .seconds(10)))
        return outcome
    }

    static func describe(_ value: Duration?) -> String { value.map { "\($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) ms" } ?? "never" }

    @Test("1.8 Mbit/s into a path falling from 3 to 0.3 Mbit/s (300 ms buffer): switch down within 250 ms (680 ms without the overload detection), settles near capacity")
    func sixfoldDrop() {
        let outcome = Self.run(capacityAfter: 300_000)
        print("BWE figures: 3 -> 0.3 Mbit/s under 1.8 Mbit/s of media: under 0.6 Mbit/s in "
            + "\(Self.describe(outcome.switchDown)), under 0.36 Mbit/s in \(Self.describe(outcome.nearCapacity)); "
            + "settled mean \(Int(outcome.settledMean)) bit/s, minimum \(outcome.settledMinimum) bit/s")
        #expect(outcome.switchDown.map { $0 <= .milliseconds(250) } == true)
        #expect(outcome.nearCapacity.map { $0 <= .milliseconds(1000) } == true)
        // The low layer (0.2 Mbit/s) keeps fitting: no collapse below it once settled.
        #expect(outcome.settledMinimum >= Self.lowLayerBitrate)
        #expect(outcome.settledMean <= 1.2 * 300_000)
    }

    @Test("After the cut, media waiting for the drained queue (congestion window) loses less of the switch and keeps the estimate above the low layer")
    func congestionWindowAfterCut() {
        let plain = Self.run(capacityAfter: 300_000)
        let windowed = Self.run(capacityAfter: 300_000, honoursCongestionWindow: true)
        print("BWE figures: 3 -> 0.3 Mbit/s, after the switch down (low layer's key frame of "
            + "\(Self.switchKeyFramePackets) packets): sent at once \(plain.droppedAfterSwitch) packets dropped, least target "
            + "\(plain.minimumAfterSwitch) bit/s; waiting for the window \(windowed.droppedAfterSwitch) dropped, least target "
            + "\(windowed.minimumAfterSwitch) bit/s; switch down in \(Self.describe(windowed.switchDown))")
        #expect(windowed.switchDown.map { $0 <= .milliseconds(250) } == true)
        #expect(windowed.droppedAfterSwitch < plain.droppedAfterSwitch)
        #expect(windowed.minimumAfterSwitch >= Self.lowLayerBitrate)
        #expect(windowed.settledMean <= 1.2 * 300_000)
    }

    @Test("The same drop 30 ms after a probe started: the probe's packets do not delay the switch down beyond 400 ms")
    func dropDuringProbe() {
        let outcome = Self.run(capacityAfter: 300_000, justAfterProbe: true)
        print("BWE figures: 3 -> 0.3 Mbit/s 30 ms into a probe: under 0.6 Mbit/s in \(Self.describe(outcome.switchDown))")
        #expect(outcome.switchDown.map { $0 <= .milliseconds(400) } == true)
        #expect(outcome.settledMinimum >= Self.lowLayerBitrate)
    }
}
