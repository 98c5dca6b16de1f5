import BeepBWE
import BeepRTCP
import BeepWire
import Testing

/// Feedback comes from the network: random field values (reference times, deltas, counts,
/// sequence numbers) must never trap the estimator, and the target stays within its limits.
@Suite("Send-side estimator with hostile feedback")
struct BWEMalformedInputTests {
    @Test("10 000 random transport-cc messages and REMBs: no trap, target within min...max")
    func randomFeedback() {
        var generator = SplitMix64(seed: 0xBEE9)
        let configuration = BandwidthEstimatorConfiguration(startBitrate: 500_000, minBitrate: 50_000, maxBitrate: 5_000_000)
        var estimator = SendSideBandwidthEstimator(configuration: configuration)
        var sequence: UInt16 = 0
        for round in 0..<10_000 {
            let now = MonotonicTime(nanoseconds: Int64(round) * 10_000_000)
            for _ in 0..<3 {
                estimator.packetSent(SentPacket(sequenceNumber: sequence, size: Int.random(in: 0...1500, using: &generator),
                                                sendTime: now, probeClusterID: Bool.random(using: &generator) ? 1 : nil))
                sequence &+= 1
            }
            let count = Int.random(in: 0...40, using: &generator)
            let base = UInt16.random(in: 0...UInt16.max, using: &generator) & (Bool.random(using: &generator) ? 0xFFFF : 0x00FF)
            let statuses = (0..<count).map { _ in
                [TransportWideStatus.notReceived, .smallDelta, .largeDelta].randomElement(using: &generator) ?? .notReceived
            }
            let deltas = statuses.filter(\.isReceived).map { status in
                status == .smallDelta ? Int16.random(in: 0...255, using: &generator)
                    : Int16.random(in: Int16.min...Int16.max, using: &generator)
            }
            let feedback = TransportWideFeedback(
                senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: base,
                packetStatusCount: UInt16.random(in: 0...UInt16(count + 2), using: &generator),
                referenceTime: Int32.random(in: -0x80_0000...0x7F_FFFF, using: &generator),
                feedbackPacketCount: UInt8(truncatingIfNeeded: round), chunks: TransportWideFeedback.chunks(for: statuses),
                receiveDeltas: deltas)
            estimator.handleTransportFeedback(feedback, now: now)
            if round % 50 == 0 {
                estimator.handleREMB(ReceiverEstimatedMaxBitrate(senderSSRC: 1, exponent: UInt8.random(in: 0...63, using: &generator),
                                                                 mantissa: UInt32.random(in: 0...0x3_FFFF, using: &generator),
                                                                 ssrcs: []), now: now)
                estimator.handleReceiverReport(fractionLost: UInt8.random(in: 0...255, using: &generator), now: now)
                estimator.setDesiredBitrate(Int64.random(in: Int64.min...Int64.max, using: &generator), now: now)
            }
            _ = estimator.pollProbe(now: now)
            while estimator.pollProbeResult() != nil {}
            #expect((50_000...5_000_000).contains(estimator.targetBitrate))
        }
        #expect(estimator.feedbackCount > 0)
    }
}
