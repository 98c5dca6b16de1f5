import ArgumentParser
import BeepCallServer
import BeepStatsView
import Foundation

/// `beep-stats`: the operator's view of an SFU node through its admin API (docs/operations.md).
@main
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beep-stats",
        abstract: "Show an SFU node's rooms, participants and tracks (admin API, GET /admin/stats).",
        version: "0.1.0")

    @Option(help: "The node's admin base URL: beep's HTTP address, or beep-sfu's --admin-port (BEEP_STATS_URL).")
    var url: String = ProcessInfo.processInfo.environment["BEEP_STATS_URL"] ?? "http://127.0.0.1:8080"

    @Option(help: "File holding the admin token; default BEEP_ADMIN_TOKEN, else ./data/admin-token.")
    var tokenFile: String?

    @Flag(help: "Print the report as JSON (for scripts).")
    var json = false

    @Flag(help: "Refresh a live view every --interval seconds until interrupted.")
    var watch = false

    @Option(help: "Seconds between the two snapshots rates are computed from, and between refreshes.")
    var interval: Double = 1

    @Option(help: "With --watch, stop after this many refreshes (default: until interrupted).")
    var count: Int?

    @Option(help: "Only this room.")
    var room: String?

    @Option(help: "Only this participant.")
    var participant: String?

    func validate() throws {
        guard interval > 0, interval <= 60 else { throw ValidationError("--interval must be in (0, 60] seconds") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? "") else {
            throw ValidationError("--url must be an http(s) URL, e.g. http://127.0.0.1:8080")
        }
    }

    func run() async throws {
        guard let base = URL(string: url) else { throw ValidationError("--url is not a URL") }
        let client = AdminClient(baseURL: base, token: try loadToken())
        let filter = StatsFilter(room: room, participant: participant)
        do {
            var previous = try await client.node()
            var refreshes = 0
            repeat {
                try await Task.sleep(for: .seconds(interval))
                let current = try await client.node()
                let report = StatsReport(current: current, previous: previous, interval: interval, filter: filter)
                let screen = watch && !json ? "\u{1B}[H\u{1B}[2J" + render(report) : render(report)
                FileHandle.standardOutput.write(Data(screen.utf8))
                previous = current
                refreshes += 1
            } while watch && refreshes < (count ?? Int.max)
        } catch let failure as AdminClient.Failure {
            FileHandle.standardError.write(Data("beep-stats: \(failure.description)\n".utf8))
            throw ExitCode(failure.exitCode)
        }
    }

    private func render(_ report: StatsReport) -> String {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        let time = ISO8601DateFormatter().string(from: Date())
        return StatsTableRenderer.render(report, title: "beep-stats \(url)  \(time)  (rates over \(interval) s)")
    }

    private func loadToken() throws -> String {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw ValidationError("cannot read --token-file \(tokenFile)")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let token = ProcessInfo.processInfo.environment["BEEP_ADMIN_TOKEN"], !token.isEmpty { return token }
        if let data = FileManager.default.contents(atPath: "data/admin-token") {
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        throw ValidationError("no admin token: set BEEP_ADMIN_TOKEN, pass --token-file, or run where data/admin-token is")
    }
}
