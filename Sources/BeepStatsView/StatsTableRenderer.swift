import BeepCalls
/// Renders a ``StatsReport`` as the terminal table of `beep-stats` and `beep-stats --watch`:
/// per room, one line per participant, then one indented line per track.
public enum StatsTableRenderer {
    /// The table, lines ending in "\n". `title` heads it (node address and time, say).
    public static func render(_ report: StatsReport, title: String) -> String {
        var lines = [title]
        if report.draining == true { lines.append("node draining: no new rooms") }
        for worker in report.workers {
            lines.append("worker \(worker.worker)  ports \(worker.ports.map(String.init).joined(separator: ","))"
                         + "  cpu \(worker.cpuPercent.map { number($0) + "%" } ?? "-")"
                         + "  datagrams/s in \(number(worker.datagramsPerSecondIn)) out \(number(worker.datagramsPerSecondOut))"
                         + "  transit p50 \(worker.transitP50Microseconds.map { "\($0) µs" } ?? "-")"
                         + " p99 \(worker.transitP99Microseconds.map { "\($0) µs" } ?? "-")")
        }
        if report.rooms.isEmpty { lines.append("no rooms with media") }
        for room in report.rooms {
            lines.append("")
            lines.append("room \(room.room)  participants \(room.participants.count)"
                         + (room.limits?.maxParticipants.map { " of at most \($0)" } ?? "")
                         + (room.limits?.maxBitrateKbps.map { "  publishers capped at \($0) kbps" } ?? "")
                         + (room.activeSpeaker.map { "  speaking \($0)" } ?? ""))
            lines.append(row(["participant/track", "kind", "kbps in", "kbps out", "pkt/s in", "pkt/s out",
                              "rtt ms", "loss %", "jitter", "nack", "pli", "fir"]))
            for participant in room.participants {
                lines.append(row([participant.id, "", number(participant.kbpsIn), number(participant.kbpsOut),
                                  number(participant.packetsPerSecondIn), number(participant.packetsPerSecondOut),
                                  participant.roundTripMilliseconds.map(number) ?? "-", "", "", "", "", ""]))
                if let estimate = participant.estimateKbps {
                    let layers = (participant.layers ?? []).map { layer in
                        "\(layer.consumer) \(layer.kind) of \(layer.publisher) \(layer.layer ?? "paused")"
                            + (layer.rid.map { " (\($0))" } ?? "")
                    }
                    lines.append("  bwe \(number(estimate)) kbps" + (layers.isEmpty ? "" : "  layers: " + layers.joined(separator: ", ")))
                }
                for track in participant.published { lines.append(trackRow(track, published: true)) }
                for track in participant.received { lines.append(trackRow(track, published: false)) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func trackRow(_ track: TrackReport, published: Bool) -> String {
        let name = "  \(published ? "↑" : "↓") \(track.id)\(track.paused ? " (paused)" : "")"
        return row([name, track.kind, published ? number(track.kbps) : "", published ? "" : number(track.kbps),
                    "", "", "", track.lossPercent.map(number) ?? "-", track.jitter.map { String($0) } ?? "-",
                    String(track.nacks), String(track.plis), String(track.firs)])
    }

    private static let widths = [28, 6, 9, 9, 9, 10, 8, 7, 7, 6, 5, 5]

    private static func row(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            let width = index < widths.count ? widths[index] : 8
            let text = cell.count > width ? String(cell.prefix(width - 1)) + "…" : cell
            let padding = String(repeating: " ", count: max(0, width - text.count))
            line += index == 0 ? text + padding : " " + padding + text
        }
        return line
    }

    /// One decimal below 100, none above.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        if magnitude >= 100 { return sign + String(Int(magnitude.rounded())) }
        let tenths = Int((magnitude * 10).rounded())
        return "\(sign)\(tenths / 10).\(tenths % 10)"
    }
}
