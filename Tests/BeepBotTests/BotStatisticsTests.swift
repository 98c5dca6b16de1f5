import BeepBot
import BeepWire
import Testing

@Suite struct FreezeDetectorTests {
    static func at(_ ms: Int64) -> MonotonicTime { MonotonicTime(nanoseconds: ms * 1_000_000) }

    @Test func steadyFramesNeverFreeze() {
        var detector = FreezeDetector()
        for frame in 0..<100 { detector.frameDecoded(at: Self.at(Int64(frame) * 66)) }
        detector.finish(at: Self.at(99 * 66 + 50))
        #expect(detector.freezes == 0)
        #expect(detector.longestGap == .milliseconds(66))
    }

    @Test func aGapOverTwoHundredMillisecondsIsOneFreeze() {
        var detector = FreezeDetector()
        detector.frameDecoded(at: Self.at(0))
        detector.frameDecoded(at: Self.at(200))  // exactly the threshold: not a freeze
        detector.frameDecoded(at: Self.at(450))  // 250 ms
        detector.frameDecoded(at: Self.at(500))
        #expect(detector.freezes == 1)
        #expect(detector.longestGap == .milliseconds(250))
        #expect(detector.frozenTime == .milliseconds(50))
    }

    /// Camera off: the gap until the mute counts, the silence after it does not, and the
    /// clock restarts at the first frame after the unmute.
    @Test func pausesDoNotCount() {
        var detector = FreezeDetector()
        detector.frameDecoded(at: Self.at(0))
        detector.pause(at: Self.at(100))
        detector.frameDecoded(at: Self.at(5000))
        detector.frameDecoded(at: Self.at(5066))
        detector.finish(at: Self.at(5100))
        #expect(detector.freezes == 0)
    }

    @Test func aTrailingGapCountsAtTheEnd() {
        var detector = FreezeDetector()
        detector.frameDecoded(at: Self.at(0))
        detector.finish(at: Self.at(900))
        #expect(detector.freezes == 1)
        #expect(detector.longestGap == .milliseconds(900))
    }

    @Test func nothingToCountBeforeTheFirstFrame() {
        var detector = FreezeDetector()
        detector.finish(at: Self.at(10_000))
        #expect(detector.freezes == 0)
    }
}

@Suite struct SampleSummaryTests {
    @Test func summarises() throws {
        let summary = try #require(SampleSummary((1...100).map(Double.init).reversed()))
        #expect(summary.count == 100)
        #expect(summary.mean == 50.5)
        #expect(summary.min == 1 && summary.max == 100)
        #expect(summary.p95 == 95)
        #expect(SampleSummary([]) == nil)
        #expect(SampleSummary([7])?.p95 == 7)
    }
}

@Suite struct ToneTrackerTests {
    @Test(arguments: [("tone-440hz-ab12", 440.0), ("tone-1250hz-x", 1250.0)])
    func readsTheAnnouncedFrequency(trackID: String, expected: Double) {
        #expect(ToneTracker.frequency(inTrackID: trackID) == expected)
    }

    @Test(arguments: ["pattern-1", "tone-hz-1", "tone-abchz-1", "tone-0hz-1", "tone-99999hz-1", "", "tone"])
    func ignoresOtherTrackIDs(trackID: String) {
        #expect(ToneTracker.frequency(inTrackID: trackID) == nil)
    }
}
