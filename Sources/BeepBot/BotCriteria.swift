/// The quality bar a bot's received media must meet (docs/bot.md "Criteria"); the call
/// test runs with the defaults.
public struct BotCriteria: Sendable, Hashable {
    /// Highest loss per track, percent.
    public var maxLossPercent: Double = 1.0
    /// Freezes allowed per video track.
    public var maxFreezes: Int = 0
    /// Fewest decoded frames per video track.
    public var minFramesDecoded: Int = 10
    /// Fewest 100 ms windows that must hold the remote tone per audio track.
    public var minToneWindows: Int = 5

    /// The default bar.
    public init() {}

    /// The failures of `tracks` (empty when every track meets the bar).
    public func failures(of tracks: [RemoteTrackReport]) -> [String] {
        var failures: [String] = []
        for track in tracks {
            let who = "\(track.name ?? track.participantId) \(track.kind)"
            if track.lossPercent > maxLossPercent {
                failures.append("\(who): loss \(Self.format(track.lossPercent))% > \(Self.format(maxLossPercent))%")
            }
            if track.kind == "video" {
                if track.framesDecoded < minFramesDecoded {
                    failures.append("\(who): \(track.framesDecoded) frames decoded < \(minFramesDecoded)")
                }
                if track.freezes > maxFreezes {
                    failures.append("\(who): \(track.freezes) freezes (longest gap \(Int(track.longestGapMs)) ms)")
                }
                if track.frameNumberRegressions > 0 {
                    failures.append("\(who): frame numbers went backwards \(track.frameNumberRegressions) times")
                }
            } else if track.kind == "audio" {
                if track.expectedToneHz == nil {
                    failures.append("\(who): track \(track.trackId) announces no tone frequency")
                } else if track.toneWindows < minToneWindows {
                    failures.append("\(who): tone \(Int(track.expectedToneHz ?? 0)) Hz heard in \(track.toneWindows) "
                                    + "windows < \(minToneWindows) (dominant \(track.detectedToneHz.map { "\(Int($0)) Hz" } ?? "none"))")
                }
            }
        }
        return failures
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return "\(rounded)"
    }
}
