import Foundation

/// Formats the measurements as a markdown table plus the per-server means and the ratios.
enum ResultsTable {
    static func render(_ measurements: [EchoMeasurement]) -> String {
        var lines = [
            "| server | round | echoed/s | server thread CPU % | client thread CPU % | echoes per server CPU-s | µs CPU per echo "
                + "| sent | echoed | lost | loss % | window timeouts | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for m in measurements {
            let microseconds = m.echoedPerCPUSecond > 0 ? 1e6 / m.echoedPerCPUSecond : 0
            lines.append("| \(m.server) | \(m.round) | \(grouped(m.echoedPerSecond)) "
                + "| \(String(format: "%.0f", m.serverCPUPercent)) | \(String(format: "%.0f", m.clientCPUPercent)) | \(grouped(m.echoedPerCPUSecond)) "
                + "| \(String(format: "%.2f", microseconds)) | \(m.result.sent) "
                + "| \(m.result.echoed_total) | \(m.lost) | \(String(format: "%.3f", m.lossPercent)) "
                + "| \(m.result.timeouts) | \(m.result.errors) |")
        }
        let beep = measurements.filter { $0.server == BeepEchoServer.displayName }
        let plain = measurements.filter { $0.server == PlainEchoServer.displayName }
        lines.append("")
        for (title, metric) in [("echoed/s (wall clock)", \EchoMeasurement.echoedPerSecond),
                                ("echoes per server CPU-second", \EchoMeasurement.echoedPerCPUSecond)] {
            let beepMean = mean(beep, metric)
            let plainMean = mean(plain, metric)
            let ratio = plainMean > 0 ? String(format: "%.2f", beepMean / plainMean) : "n/a"
            lines.append("mean \(title): Beep \(grouped(beepMean)), plain \(grouped(plainMean)), "
                + "ratio Beep/plain \(ratio)")
        }
        return lines.joined(separator: "\n")
    }

    private static func mean(_ runs: [EchoMeasurement], _ metric: KeyPath<EchoMeasurement, Double>) -> Double {
        runs.isEmpty ? 0 : runs.map { $0[keyPath: metric] }.reduce(0, +) / Double(runs.count)
    }

    /// A whole number with spaces between thousands, e.g. 123 456.
    private static func grouped(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < 1e15 else { return "n/a" }
        let digits = String(Int(value.rounded()))
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(" ") }
            out.append(character)
        }
        return out
    }
}
