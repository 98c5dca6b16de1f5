@testable import BeepCallServer
import BeepCalls
import BeepWire
import Testing

/// Connection quality from loss, RTT, estimate vs need and consent (issue 5 item 5), and its
/// rate limiting in virtual time.
@Suite struct ConnectionQualityTests {
    private func sample(loss: Double? = nil, rtt: Double? = nil, ratio: Double? = nil,
                        consent: Bool = true) -> ConnectionQualitySample {
        ConnectionQualitySample(lossFraction: loss, roundTripTime: rtt, estimateToNeedRatio: ratio, consentFresh: consent)
    }

    @Test("thresholds: loss 2 % / 10 %, RTT 250 / 500 ms, estimate 90 % / 50 % of need, consent lost is poor",
          arguments: [
              (nil, nil, nil, true, ConnectionQuality.good),
              (0.019, 0.249, 0.9, true, .good),
              (0.02, nil, nil, true, .fair),
              (nil, 0.25, nil, true, .fair),
              (nil, nil, 0.89, true, .fair),
              (0.10, nil, nil, true, .poor),
              (nil, 0.5, nil, true, .poor),
              (nil, nil, 0.49, true, .poor),
              (0.0, 0.01, 2.0, false, .poor),
          ] as [(Double?, Double?, Double?, Bool, ConnectionQuality)])
    func classify(loss: Double?, rtt: Double?, ratio: Double?, consent: Bool, expected: ConnectionQuality) {
        #expect(ConnectionQualityClassifier.classify(sample(loss: loss, rtt: rtt, ratio: ratio, consent: consent))
            == expected)
    }

    @Test("a change is reported once it held 2 s; one bad sample is not; unchanged quality is never re-sent")
    func settles() {
        var tracker = ConnectionQualityTracker()
        let start = MonotonicTime(nanoseconds: 0)
        #expect(tracker.update(.good, consentLost: false, now: start) == nil)
        // One fair second, then good again: nothing.
        #expect(tracker.update(.fair, consentLost: false, now: start + .seconds(1)) == nil)
        #expect(tracker.update(.good, consentLost: false, now: start + .seconds(2)) == nil)
        // Fair for 2 s: reported at the sample that completes 2 s.
        #expect(tracker.update(.fair, consentLost: false, now: start + .seconds(3)) == nil)
        #expect(tracker.update(.fair, consentLost: false, now: start + .seconds(4)) == nil)
        #expect(tracker.update(.fair, consentLost: false, now: start + .seconds(5)) == .fair)
        #expect(tracker.update(.fair, consentLost: false, now: start + .seconds(6)) == nil)
        #expect(tracker.reported == .fair)
    }

    @Test("reports are at least 3 s apart, except a drop to poor on lost consent, which is at once")
    func rateLimitedButConsentUrgent() {
        var tracker = ConnectionQualityTracker()
        let start = MonotonicTime(nanoseconds: 0)
        #expect(tracker.update(.poor, consentLost: true, now: start) == .poor)
        // Recovered: good must hold 2 s and come 3 s after the last report.
        #expect(tracker.update(.good, consentLost: false, now: start + .seconds(1)) == nil)
        #expect(tracker.update(.good, consentLost: false, now: start + .milliseconds(2_500)) == nil)
        #expect(tracker.update(.good, consentLost: false, now: start + .seconds(3)) == .good)
        // Consent lost again right away: reported without waiting.
        #expect(tracker.update(.poor, consentLost: true, now: start + .milliseconds(3_100)) == .poor)
        // Poor from loss (consent fine) waits like any other change.
        var other = ConnectionQualityTracker()
        #expect(other.update(.poor, consentLost: false, now: start) == nil)
        #expect(other.update(.poor, consentLost: false, now: start + .seconds(2)) == .poor)
    }
}
