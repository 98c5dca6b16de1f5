@testable import BeepBWE
import BeepRTCP
import BeepWire
import Testing

/// The estimator's parts, one rule at a time.
@Suite("Send-side estimator components (draft-ietf-rmcat-gcc-02 §5-§6, transport-cc §3.1)")
struct BWEComponentTests {
    static func ms(_ value: Int64) -> MonotonicTime { MonotonicTime(nanoseconds: value * 1_000_000) }

    @Test("transport-cc §3.1: feedback is matched to send records across the 16-bit wrap, losses included")
    func feedbackMatchingAcrossWrap() throws {
        var adapter = TransportFeedbackAdapter()
        for (index, sequence) in [UInt16(65_534), 65_535, 0, 1].enumerated() {
            adapter.packetSent(SentPacket(sequenceNumber: sequence, size: 1000 + index, sendTime: Self.ms(Int64(index))))
        }
        let feedback = try TransportWideFeedback(
            senderSSRC: 1, mediaSSRC: 2, referenceTime: 10, feedbackPacketCount: 0,
            packets: [.received(65_534, deltaMicroseconds: 1000), .notReceived(65_535),
                      .received(0, deltaMicroseconds: 2000), .received(1, deltaMicroseconds: 250)])
        let results = adapter.results(of: feedback)
        #expect(results.map(\.sent.size) == [1000, 1001, 1002, 1003])
        #expect(results.map(\.arrivalMicroseconds) == [641_000, nil, 643_000, 643_250])
        // Reported packets are forgotten: the same feedback again matches nothing.
        #expect(adapter.results(of: feedback).isEmpty)
        #expect(adapter.unmatchedFeedback == 1)
    }

    @Test("transport-cc §3.1: the 24-bit reference time is unwrapped, so arrivals stay continuous")
    func referenceTimeWrap() throws {
        var adapter = TransportFeedbackAdapter()
        adapter.packetSent(SentPacket(sequenceNumber: 1, size: 100, sendTime: .zero))
        adapter.packetSent(SentPacket(sequenceNumber: 2, size: 100, sendTime: Self.ms(1)))
        let first = try TransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, referenceTime: 0x7F_FFFF,
                                              feedbackPacketCount: 0, packets: [.received(1, deltaMicroseconds: 0)])
        let second = try TransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, referenceTime: -0x80_0000,
                                               feedbackPacketCount: 1, packets: [.received(2, deltaMicroseconds: 0)])
        let a = try #require(adapter.results(of: first).first?.arrivalMicroseconds)
        let b = try #require(adapter.results(of: second).first?.arrivalMicroseconds)
        #expect(b - a == 64_000)  // one reference unit later, not 12 days earlier
    }

    @Test("Inconsistent feedback (chunks describe fewer packets than announced) is ignored without trapping")
    func inconsistentFeedback() {
        var estimator = SendSideBandwidthEstimator()
        estimator.packetSent(SentPacket(sequenceNumber: 5, size: 1200, sendTime: .zero))
        let broken = TransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 5, packetStatusCount: 40,
                                           referenceTime: 0, feedbackPacketCount: 0,
                                           chunks: [.runLength(.smallDelta, length: 2)], receiveDeltas: [1])
        estimator.handleTransportFeedback(broken, now: Self.ms(100))
        #expect(estimator.feedbackCount == 0)
        #expect(estimator.targetBitrate == 300_000)
    }

    @Test("Trendline: least-squares slope of a straight line")
    func trendlineSlope() {
        let points = (0..<20).map { (x: Double($0) * 10, y: 2 * Double($0) * 10 + 5) }
        #expect(abs((TrendlineFilter.leastSquaresSlope(points) ?? 0) - 2) < 1e-9)
        #expect(TrendlineFilter.leastSquaresSlope([(1, 1), (1, 2)]) == nil)
    }

    @Test("§5.2: packets sent within the burst time form one group; a delta comes per completed group")
    func grouping() {
        var grouping = InterArrivalGrouping(burstTime: .milliseconds(5))
        #expect(grouping.add(sendMicroseconds: 0, arrivalMicroseconds: 50_000) == nil)
        #expect(grouping.add(sendMicroseconds: 3_000, arrivalMicroseconds: 53_000) == nil)   // same group
        #expect(grouping.add(sendMicroseconds: 20_000, arrivalMicroseconds: 75_000) == nil)  // closes group 1
        let delta = grouping.add(sendMicroseconds: 40_000, arrivalMicroseconds: 99_000)      // closes group 2
        #expect(delta == GroupDelta(sendDeltaMilliseconds: 17, arrivalDeltaMilliseconds: 22, arrivalMilliseconds: 75))
    }

    @Test("§5.4: over-use needs the signal above the threshold for more than 10 ms; under-use below -threshold")
    func overuseDetector() {
        var detector = OveruseDetector(initialThreshold: 12.5, gainUp: 0.0087, gainDown: 0.039,
                                       overuseTimeMilliseconds: 10)
        #expect(detector.detect(trend: 20, sendDelta: 5, deltaCount: 10, nowMilliseconds: 0) == .normal)
        #expect(detector.detect(trend: 21, sendDelta: 5, deltaCount: 10, nowMilliseconds: 5) == .normal)
        #expect(detector.detect(trend: 22, sendDelta: 5, deltaCount: 10, nowMilliseconds: 10) == .overusing)
        #expect(detector.detect(trend: -30, sendDelta: 5, deltaCount: 10, nowMilliseconds: 15) == .underusing)
        #expect(detector.detect(trend: 0, sendDelta: 5, deltaCount: 10, nowMilliseconds: 20) == .normal)
        // The threshold follows |m| slowly and stays within 6...600 ms.
        for step in 0..<1000 {
            _ = detector.detect(trend: 0, sendDelta: 5, deltaCount: 10, nowMilliseconds: 25 + Double(step) * 100)
        }
        #expect(detector.threshold == 6)
    }

    @Test("§5.5: over-use decreases to 0.85 × the acknowledged bitrate, at most once per round trip")
    func multiplicativeDecrease() {
        var controller = AIMDRateController(configuration: .init(startBitrate: 1_000_000))
        controller.update(usage: .overusing, acknowledged: 800_000, roundTripTime: .milliseconds(100), now: Self.ms(0))
        #expect(controller.estimate == 680_000)
        controller.update(usage: .overusing, acknowledged: 600_000, roundTripTime: .milliseconds(100), now: Self.ms(50))
        #expect(controller.estimate == 680_000)  // within one RTT of the last decrease
        controller.update(usage: .overusing, acknowledged: 600_000, roundTripTime: .milliseconds(100), now: Self.ms(150))
        #expect(controller.estimate == 510_000)
    }

    @Test("§5.5: normal use increases (multiplicatively far from convergence), capped at 1.5 × acknowledged + 10 kbit/s")
    func increase() {
        var controller = AIMDRateController(configuration: .init(startBitrate: 500_000))
        controller.update(usage: .normal, acknowledged: 500_000, roundTripTime: .milliseconds(50), now: Self.ms(0))
        controller.update(usage: .normal, acknowledged: 500_000, roundTripTime: .milliseconds(50), now: Self.ms(1000))
        #expect(controller.estimate == 540_000)  // eta = 1.08 per second
        for second in 2...20 {
            controller.update(usage: .normal, acknowledged: 500_000, roundTripTime: .milliseconds(50),
                              now: Self.ms(Int64(second) * 1000))
        }
        #expect(controller.estimate == 760_000)
        controller.update(usage: .underusing, acknowledged: 500_000, roundTripTime: .milliseconds(50), now: Self.ms(21_000))
        #expect(controller.estimate == 760_000)  // hold
    }

    @Test("§6: loss over 10 % decreases by (1 - 0.5 p), under 2 % increases 5 %, in between holds")
    func lossBased() {
        var controller = LossBasedController(configuration: .init(startBitrate: 1_000_000))
        controller.apply(lossFraction: 0.2, acknowledged: nil, now: Self.ms(0))
        #expect(controller.estimate == 900_000)
        controller.apply(lossFraction: 0.05, acknowledged: nil, now: Self.ms(1000))
        #expect(controller.estimate == 900_000)
        controller.apply(lossFraction: 0.01, acknowledged: nil, now: Self.ms(2000))
        #expect(controller.estimate == 945_000)
        controller.apply(lossFraction: 0, acknowledged: 500_000, now: Self.ms(3000))
        #expect(controller.estimate == 945_000)  // above 1.5 × 500 k + 10 k already: no increase
    }

    @Test("Send times restamped at the flush: packets recorded during a read batch left when it was flushed")
    func restampAtFlush() {
        var history = SentPacketHistory()
        history.add(SentPacket(sequenceNumber: 1, size: 1000, sendTime: Self.ms(0)))
        history.restampUnflushed(at: Self.ms(1))
        history.add(SentPacket(sequenceNumber: 2, size: 1000, sendTime: Self.ms(10)))
        history.add(SentPacket(sequenceNumber: 3, size: 1000, sendTime: Self.ms(30)))
        history.restampUnflushed(at: Self.ms(80))
        history.restampUnflushed(at: Self.ms(90))  // nothing new since the last flush
        let keys = (1...3).compactMap { history.unwrapFeedback(UInt16($0)) }
        let times = keys.compactMap { history.take($0)?.sendTime }
        #expect(times == [Self.ms(1), Self.ms(80), Self.ms(80)])
    }

    @Test("§6 decrease bounded by 0.85 × the acknowledged bitrate: tail drops at a switch cannot collapse the estimate")
    func lossDecreaseFloor() {
        var controller = LossBasedController(configuration: .init(startBitrate: 500_000))
        controller.apply(lossFraction: 0.6, acknowledged: 300_000, now: Self.ms(0))
        #expect(controller.estimate == 350_000)  // × (1 - 0.3); the floor 255 k is lower
        controller.apply(lossFraction: 0.6, acknowledged: 300_000, now: Self.ms(200))
        #expect(controller.estimate == 255_000)  // 245 k would be below 0.85 × 300 k
        controller.apply(lossFraction: 0.6, acknowledged: 300_000, now: Self.ms(400))
        #expect(controller.estimate == 255_000)
        controller.apply(lossFraction: 0.6, acknowledged: nil, now: Self.ms(600))
        #expect(controller.estimate == 178_500)  // no acknowledged rate: the plain rule
    }

    @Test("REMB fallback (draft-alvestrand-rmcat-remb-03): the receiver's estimate is the target, RR loss lowers it, no probes")
    func rembFallback() {
        var estimator = SendSideBandwidthEstimator()
        estimator.handleREMB(ReceiverEstimatedMaxBitrate(senderSSRC: 9, bitrate: 600_000, ssrcs: [1]), now: Self.ms(0))
        #expect(estimator.estimate.source == .receiverEstimate)
        #expect(estimator.targetBitrate == 600_000)
        estimator.handleReceiverReport(fractionLost: 77, now: Self.ms(1000))  // 30 %
        #expect(estimator.targetBitrate == 509_765)  // × (1 - 0.5 × 77/256)
        for second in 2...6 { estimator.handleReceiverReport(fractionLost: 0, now: Self.ms(Int64(second) * 1000)) }
        #expect(estimator.targetBitrate == 600_000)  // 5 % per loss-free report, capped by the REMB
        estimator.handleREMB(ReceiverEstimatedMaxBitrate(senderSSRC: 9, bitrate: 400_000, ssrcs: [1]), now: Self.ms(7000))
        #expect(estimator.targetBitrate == 400_000)
        #expect(estimator.pollProbe(now: Self.ms(7000)) == nil)
    }

    @Test("Probing: a saturated path reports 95 % of the receive rate; an open one the lower of send and receive")
    func probeMeasurement() {
        let cluster = ProbeCluster(id: 4, targetBitrate: 4_000_000, duration: .milliseconds(10), minimumPackets: 5,
                                   createdAt: .zero)
        var saturated = ProbeResultEstimator()
        saturated.begin(cluster)
        var open = ProbeResultEstimator()
        open.begin(cluster)
        for index in 0..<6 {
            let sent = SentPacket(sequenceNumber: UInt16(index), size: 1000, sendTime: Self.ms(Int64(index) * 2),
                                  probeClusterID: 4)
            saturated.add(PacketResult(sent: sent, arrivalMicroseconds: 100_000 + Int64(index) * 4_000))
            open.add(PacketResult(sent: sent, arrivalMicroseconds: 100_000 + Int64(index) * 2_000))
        }
        #expect(saturated.collectResults() == [ProbeResult(clusterID: 4, targetBitrate: 4_000_000,
                                                           measuredBitrate: 1_900_000, reachedTarget: false)])
        #expect(open.collectResults() == [ProbeResult(clusterID: 4, targetBitrate: 4_000_000,
                                                      measuredBitrate: 4_000_000, reachedTarget: true)])
        #expect(cluster.duration(packetSize: 1200) == .milliseconds(12))  // 5 packets at 4 Mbit/s
        #expect(cluster.paddingBytes(mediaBitrate: 1_000_000, packetSize: 1200) == 4500)
    }
}
