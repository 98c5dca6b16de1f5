@testable import BeepBot
import Testing

@Suite struct BotCriteriaTests {
    static func track(kind: String, loss: Double = 0, frames: Int = 100, freezes: Int = 0, regressions: Int = 0,
                      tone: Double? = 440, toneWindows: Int = 50) -> RemoteTrackReport {
        RemoteTrackReport(participantId: "p2", identity: "b", name: "Bot B", kind: kind, trackId: "t", ssrc: 1,
                          packets: 1000, packetsExpected: 1000, packetsLost: 0, lossPercent: loss, jitterMs: 1,
                          rttMs: 1, firstPacketMs: 100, framesDecoded: frames, unreadableFrames: 0, firstFrameNumber: 0,
                          lastFrameNumber: 99, frameNumberRegressions: regressions, freezes: freezes, longestGapMs: 70,
                          longestGapEndMs: 1000,
                          endToEndDelayMs: nil, plisSent: 0, nacksSent: 0, expectedToneHz: tone, toneWindows: toneWindows,
                          audioWindows: 60, detectedToneHz: tone, audioLevelDbov: -12, decodeErrors: 0)
    }

    @Test func goodTracksPass() {
        #expect(BotCriteria().failures(of: [Self.track(kind: "audio"), Self.track(kind: "video")]).isEmpty)
    }

    @Test func lossAboveOnePercentFails() {
        #expect(BotCriteria().failures(of: [Self.track(kind: "audio", loss: 1.0)]).isEmpty, "1% is allowed")
        let failures = BotCriteria().failures(of: [Self.track(kind: "video", loss: 1.01)])
        #expect(failures == ["Bot B video: loss 1.01% > 1.0%"])
    }

    @Test func videoFailures() {
        let failures = BotCriteria().failures(of: [Self.track(kind: "video", frames: 3, freezes: 2, regressions: 1)])
        #expect(failures.count == 3)
        #expect(failures.contains { $0.contains("3 frames decoded") })
        #expect(failures.contains { $0.contains("2 freezes") })
        #expect(failures.contains { $0.contains("backwards") })
    }

    @Test func audioFailures() {
        #expect(BotCriteria().failures(of: [Self.track(kind: "audio", toneWindows: 4)]).first?.contains("440 Hz heard in 4") == true)
        #expect(BotCriteria().failures(of: [Self.track(kind: "audio", tone: nil)]).first?.contains("no tone") == true)
    }
}
