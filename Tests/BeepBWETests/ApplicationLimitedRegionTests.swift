@testable import BeepBWE
import BeepWire
import Testing

/// Application-limited region (docs/bandwidth-estimation.md "Application-limited"): an over-use
/// while the sender sends well under its estimate backs off from the estimate, not from the
/// acknowledged rate (draft-ietf-rmcat-gcc-02 §5.5 otherwise).
@Suite("Application-limited region (draft-ietf-rmcat-gcc-02 §5.5)")
struct ApplicationLimitedRegionTests {
    static func ms(_ value: Int64) -> MonotonicTime { MonotonicTime(nanoseconds: value * 1_000_000) }

    /// Sends 1000 bytes every `interval` ms from `start` for `duration` ms; returns the end.
    static func send(_ detector: inout ApplicationLimitedRegionDetector, every interval: Int64, from start: Int64,
                     for duration: Int64) -> Int64 {
        var time = start
        while time < start + duration {
            detector.record(bytes: 1000, at: Self.ms(time))
            time += interval
        }
        return time
    }

    @Test("Enters under 65 % of the estimate, leaves above 80 % (hysteresis)")
    func detectorHysteresis() {
        var detector = ApplicationLimitedRegionDetector()
        var verdicts: [Bool] = []
        var time: Int64 = 0
        // About 260 kbit/s of 300 (87 %), 100 (33 %), 230 (77 %: still limited), 400 (133 %).
        for interval: Int64 in [30, 80, 35, 20] {
            time = Self.send(&detector, every: interval, from: time, for: 1000)
            verdicts.append(detector.update(estimate: 300_000, now: Self.ms(time)))
        }
        #expect(verdicts == [false, true, true, false])
    }

    @Test("No verdict before a whole window was seen")
    func detectorNeedsAWindow() {
        var detector = ApplicationLimitedRegionDetector()
        detector.record(bytes: 100, at: .zero)
        let verdict = detector.update(estimate: 1_000_000, now: Self.ms(100))
        let rate = detector.sendRate(now: Self.ms(100))
        #expect(!verdict)
        #expect(rate == nil)
    }

    @Test("§5.5 over-use: 0.85 × acknowledged when using the estimate, 0.85 × the estimate when application-limited")
    func decreaseBasis() {
        let configuration = BandwidthEstimatorConfiguration(startBitrate: 500_000)
        var busy = AIMDRateController(configuration: configuration)
        busy.update(usage: .overusing, acknowledged: 100_000, roundTripTime: .milliseconds(50), now: Self.ms(1000))
        #expect(busy.estimate == 85_000)
        var limited = AIMDRateController(configuration: configuration)
        limited.update(usage: .overusing, acknowledged: 100_000, roundTripTime: .milliseconds(50),
                       applicationLimited: true, now: Self.ms(1000))
        #expect(limited.estimate == 425_000)
    }

    @Test("150 kbit/s of media plus a 12 kB key frame every second on a 300 kbit/s link: the estimate stays above the media rate")
    func noSpiralWhenApplicationLimited() {
        var simulation = BWESimulation(
            estimator: SendSideBandwidthEstimator(configuration: BandwidthEstimatorConfiguration(startBitrate: 300_000)),
            link: BottleneckLink(capacity: 300_000))
        simulation.mediaBitrate = 150_000
        simulation.keyFrameBurst = (.seconds(1), 10)
        simulation.run(until: at(seconds: 20)) { _ in 300_000 }
        let lowest = simulation.minTarget(in: at(seconds: 2)..<at(seconds: 20))
        print("application-limited 150 kbit/s + key frames on 300 kbit/s: lowest target \(lowest) bit/s")
        #expect(lowest >= 150_000)
    }
}
