/// What a load run measured over its window (docs/bot.md, "Load mode").
public struct LoadWindow: Sendable, Hashable, Codable {
    /// The window's length, seconds (wall clock).
    public var seconds: Double
    /// RTP packets the publishers sent inside it, times the subscribers per room: the packets
    /// the SFU had to forward (counted the same way for any SFU; the bots' loss, judged
    /// separately, says how many did not arrive).
    public var packetsForwarded: Int64
    /// `packetsForwarded / seconds`.
    public var packetsPerSecond: Double
    /// RTP packets the subscribers processed inside the window (lower than forwarded when
    /// the bots' own loops fall behind on a loaded machine; they catch up afterwards).
    public var packetsReceived: Int64
    /// The SFU process's CPU seconds inside the window (with `--sfu-pid`).
    public var sfuCPUSeconds: Double?
    /// SFU CPU microseconds per forwarded packet (`packetsForwarded`).
    public var sfuCPUMicrosPerPacket: Double?
    /// Forwarded packets per SFU CPU-second (about packets/s per fully used core).
    public var packetsPerCPUSecond: Double?
    /// Bots whose media was connected when the window opened.
    public var botsConnectedAtStart: Int
}

/// The whole load run: counts, quality over every received track, the window, the verdict.
public struct LoadReport: Sendable, Hashable, Codable {
    /// `beep` or `janus`.
    public var target: String
    /// Rooms, publishers and subscribers per room, video or audio only, window seconds.
    public var rooms: Int, publishers: Int, subscribers: Int, video: Bool, durationSeconds: Double
    /// Bots run.
    public var bots: Int
    /// Bots that ended with an error (join refused, ICE/DTLS failed, timeout).
    public var joinFailures: Int
    /// Remote tracks the subscribers should have received, and those they did.
    public var tracksExpected: Int, tracksReceived: Int
    /// Packets received and lost over all tracks (whole run).
    public var packetsReceived: Int64, packetsLost: Int64
    /// Highest and mean loss per track, percent.
    public var maxLossPercent: Double, meanLossPercent: Double
    /// Freezes over all video tracks, and the longest gap between frames.
    public var freezes: Int, longestGapMs: Double
    /// Interarrival jitter over tracks: median and highest, milliseconds.
    public var jitterMsP50: Double, jitterMsMax: Double
    /// Video end-to-end delay (embedded send time to decode) over all frames: mean and p95 of the tracks' p95.
    public var videoDelayMsMean: Double?, videoDelayMsP95: Double?
    /// Audio tracks whose tone was not heard often enough.
    public var toneFailures: Int
    /// The measuring window.
    public var window: LoadWindow
    /// Video frames the subscribers decoded per picture size over the whole run (`"640x360"`):
    /// with simulcast, which layers the SFU forwarded.
    public var videoFrameSizes: [String: Int] = [:]
    /// Whether the publishers sent simulcast.
    public var simulcast = false
    /// The first failures (at most 20), and how many there were in all.
    public var failures: [String], failureCount: Int
    /// Reports of the bots that failed (at most 5), for diagnosis.
    public var failedBots: [BotReport]
    /// True when every criterion was met.
    public var ok: Bool
    /// 0, or 5 (criteria missed), as the process exit code.
    public var exitCode: Int32
}

extension LoadReport {
    /// Judges the bots' reports: join failures, missing tracks and every per-track criterion
    /// fail the run.
    static func judge(options: LoadOptions, reports: [BotReport], expectedTracks: Int, window: LoadWindow) -> LoadReport {
        let tracks = reports.flatMap(\.remoteTracks)
        var failures: [String] = []
        var failedBots: [BotReport] = []
        var joinFailures = 0
        for report in reports where !report.ok {
            if report.error != nil { joinFailures += 1 }
            if let error = report.error { failures.append("\(report.name ?? "bot"): \(error)") }
            failures += report.failures.map { "\(report.name ?? "bot") ← \($0)" }
            if failedBots.count < 5 { failedBots.append(report) }
        }
        if tracks.count < expectedTracks {
            failures.append("received \(tracks.count) of \(expectedTracks) remote tracks")
        }
        let losses = tracks.map(\.lossPercent)
        let jitters = tracks.map(\.jitterMs).sorted()
        let delays = tracks.compactMap(\.endToEndDelayMs)
        let frames = delays.reduce(0) { $0 + $1.count }
        let delayMean = frames > 0 ? delays.reduce(0) { $0 + $1.mean * Double($1.count) } / Double(frames) : nil
        let delayP95 = delays.map(\.p95).sorted().percentile(0.95)
        let failed = !failures.isEmpty
        var sizes: [String: Int] = [:]
        for track in tracks { sizes.merge(track.frameSizes ?? [:], uniquingKeysWith: +) }
        var report = LoadReport(
            target: options.target.name, rooms: options.rooms, publishers: options.publishers,
            subscribers: options.subscribers, video: options.video, durationSeconds: options.durationSeconds,
            bots: reports.count, joinFailures: joinFailures, tracksExpected: expectedTracks, tracksReceived: tracks.count,
            packetsReceived: tracks.reduce(0) { $0 + $1.packets }, packetsLost: tracks.reduce(0) { $0 + $1.packetsLost },
            maxLossPercent: losses.max() ?? 0, meanLossPercent: losses.isEmpty ? 0 : losses.reduce(0, +) / Double(losses.count),
            freezes: tracks.reduce(0) { $0 + $1.freezes }, longestGapMs: tracks.map(\.longestGapMs).max() ?? 0,
            jitterMsP50: jitters.percentile(0.5) ?? 0, jitterMsMax: jitters.last ?? 0,
            videoDelayMsMean: delayMean, videoDelayMsP95: delayP95,
            toneFailures: tracks.filter { $0.kind == "audio" && $0.toneWindows < options.criteria.minToneWindows }.count,
            window: window, failures: Array(failures.prefix(20)), failureCount: failures.count, failedBots: failedBots,
            ok: !failed, exitCode: failed ? BotError.Code.mediaCriteriaMissed.exitCode : 0)
        report.videoFrameSizes = sizes
        report.simulcast = options.simulcast
        return report
    }
}

extension Array where Element == Double {
    /// The nearest-rank percentile of a sorted array (`fraction` in 0...1); nil when empty.
    func percentile(_ fraction: Double) -> Double? {
        guard !isEmpty else { return nil }
        let rank = Int((fraction * Double(count)).rounded(.up)) - 1
        return self[Swift.min(Swift.max(rank, 0), count - 1)]
    }
}
