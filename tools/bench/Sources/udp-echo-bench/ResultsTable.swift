import Foundation

/// Formats the measurements as a markdown table plus the per-server means and the ratio.
enum ResultsTable {
    static func render(_ measurements: [EchoMeasurement]) -> String {
        var lines = [
            "| server | round | echoed/s | sent | echoed | lost | loss % | window timeouts | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for m in measurements {
            lines.append("| \(m.server) | \(m.round) | \(grouped(m.echoedPerSecond)) | \(m.result.sent) "
                + "| \(m.result.echoed_total) | \(m.lost) | \(String(format: "%.3f", m.lossPercent)) "
                + "| \(m.result.timeouts) | \(m.result.errors) |")
        }
        let beep = mean(measurements.filter { $0.server == "Beep MediaServer" })
        let plain = mean(measurements.filter { $0.server == "plain NIO echo" })
        lines.append("")
        lines.append("mean echoed/s: Beep MediaServer \(grouped(beep)), plain NIO echo \(grouped(plain))")
        if plain > 0 {
            lines.append("ratio Beep/plain: \(String(format: "%.2f", beep / plain))")
        }
        return lines.joined(separator: "\n")
    }

    private static func mean(_ runs: [EchoMeasurement]) -> Double {
        runs.isEmpty ? 0 : runs.map(\.echoedPerSecond).reduce(0, +) / Double(runs.count)
    }

    /// A whole number with thin thousands separators, e.g. 123 456.
    private static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(" ") }
            out.append(character)
        }
        return out
    }
}
