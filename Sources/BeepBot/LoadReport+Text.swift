import Foundation

extension LoadReport {
    /// The report as pretty JSON (sorted keys).
    public func json() -> String { prettyJSON() }

    /// The human summary: one line per figure, then the verdict.
    public func table() -> String {
        let n = BotReport.number
        var rows: [(String, String)] = [
            ("target", target),
            ("load", "\(rooms) room(s) × (\(publishers) publishers + \(subscribers) subscribers), "
                + (video ? (simulcast ? "audio + simulcast video" : "audio + video") : "audio only")
                + ", window \(n(durationSeconds)) s"),
            ("bots", "\(bots) (\(joinFailures) failed to join or connect; \(window.botsConnectedAtStart) connected when the window opened)"),
            ("tracks", "\(tracksReceived) of \(tracksExpected) received"),
            ("forwarded", "\(window.packetsForwarded) packets in \(n(window.seconds)) s = \(n(window.packetsPerSecond)) packets/s "
                + (simulcast ? "(received by the subscribers)"
                   : "(sent × subscribers; the bots processed \(window.packetsReceived) inside the window)")),
            ("loss", "\(packetsLost) of \(packetsReceived + packetsLost) packets; max \(n(maxLossPercent))% per track, mean \(n(meanLossPercent))%"),
            ("jitter", "p50 \(n(jitterMsP50)) ms, max \(n(jitterMsMax)) ms"),
            ("tone", "\(toneFailures) audio tracks without their tone"),
        ]
        if video {
            rows.append(("video", "\(freezes) freezes, longest gap \(n(longestGapMs)) ms, delay mean "
                         + (videoDelayMsMean.map { "\(n($0)) ms" } ?? "-") + ", p95 " + (videoDelayMsP95.map { "\(n($0)) ms" } ?? "-")))
            rows.append(("sizes", videoFrameSizes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) frames" }
                .joined(separator: ", ")))
        }
        if let cpu = window.sfuCPUSeconds {
            rows.append(("SFU CPU", "\(n(cpu)) s in the window = " + (window.sfuCPUMicrosPerPacket.map { "\(n($0)) µs" } ?? "-")
                         + " per forwarded packet, " + (window.packetsPerCPUSecond.map { String(format: "%.0f", $0) } ?? "-") + " packets per CPU-second"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        var lines = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        lines += failures.map { "failure: \($0)" }
        if failureCount > failures.count { lines.append("… and \(failureCount - failures.count) more failures") }
        lines.append(ok ? "result: OK" : "result: FAILED (exit \(exitCode))")
        return lines.joined(separator: "\n")
    }
}
