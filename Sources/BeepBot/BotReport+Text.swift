import Foundation

extension BotReport {
    /// The report as pretty JSON (sorted keys: stable for scripts and diffs).
    public func json() -> String { prettyJSON() }

    /// The human summary: a header, one table row per remote track, the verdict.
    public func table() -> String {
        var lines: [String] = []
        let who = "\(name ?? "bot") (\(participantId ?? "not joined"))"
        lines.append("beep-bot \(who) room \(room), tone \(Self.number(toneHz)) Hz: joined \(Self.ms(joinMs)), "
                     + "media \(Self.ms(mediaConnectedMs)), \(srtpProfile ?? "no SRTP"), rtt \(Self.ms(rttMs))")
        lines.append("sent: audio \(sent.audioPackets) packets, video \(sent.videoFrames) frames in \(sent.videoPackets) "
                     + "packets (\(sent.keyFrames) key), PLI \(sent.plisReceived), FIR \(sent.firsReceived), "
                     + "NACKed \(sent.nackedPackets), retransmitted \(sent.retransmissions)")
        let header = ["participant", "kind", "packets", "lost", "loss%", "jitter ms", "frames", "freezes", "max gap ms",
                      "delay ms", "tone Hz", "heard", "level dBov"]
        var rows = [header]
        for track in remoteTracks {
            let video = track.kind == "video"
            rows.append([
                track.name ?? track.participantId, track.kind, "\(track.packets)", "\(track.packetsLost)",
                Self.number(track.lossPercent), Self.number(track.jitterMs),
                video ? "\(track.framesDecoded)" : "-", video ? "\(track.freezes)" : "-",
                video ? Self.number(track.longestGapMs) : "-",
                video ? (track.endToEndDelayMs.map { Self.number($0.mean) } ?? "-") : "-",
                video ? "-" : (track.expectedToneHz.map(Self.number) ?? "?"),
                video ? "-" : "\(track.toneWindows)/\(track.audioWindows)",
                video ? "-" : (track.audioLevelDbov.map(Self.number) ?? "-"),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  "))
        }
        if let error { lines.append("error: \(error)") }
        lines.append(ok ? "result: OK" : "result: FAILED (exit \(exitCode))" + (failures.isEmpty ? "" : ": ")
                     + failures.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    static func ms(_ value: Double?) -> String { value.map { "\(number($0)) ms" } ?? "-" }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
