import ArgumentParser
import BeepCallServer
import BeepStatsView
import Foundation

/// `beep-stats`: the operator's view of an SFU node through its admin API, and its tuning
/// (docs/operations.md). Without a subcommand it shows the node (`show`).
@main
struct BeepStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beep-stats",
        abstract: "Show an SFU node's rooms, participants and tracks (admin API, GET /admin/stats); tune it.",
        version: "0.1.0",
        subcommands: [StatsCommand.self, LimitsCommand.self, MuteCommand.self, RemoveCommand.self, DrainCommand.self,
                      SubscriberLimitsCommand.self],
        defaultSubcommand: StatsCommand.self)
}

/// `beep-stats [show]`: a snapshot, a live view (`--watch`) or JSON (`--json`).
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the node's rooms, participants and tracks (GET /admin/stats); the default.")

    @OptionGroup var node: NodeOptions

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
    }

    func run() async throws {
        let client = try node.client()
        let filter = StatsFilter(room: room, participant: participant)
        try await reportingFailures { () async throws(AdminClient.Failure) in
            var previous = try await client.node()
            var refreshes = 0
            repeat {
                try? await Task.sleep(for: .seconds(interval))
                let current = try await client.node()
                let report = StatsReport(current: current, previous: previous, interval: interval, filter: filter)
                let screen = watch && !json ? "\u{1B}[H\u{1B}[2J" + render(report) : render(report)
                FileHandle.standardOutput.write(Data(screen.utf8))
                previous = current
                refreshes += 1
            } while watch && refreshes < (count ?? Int.max) && !Task.isCancelled
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
        return StatsTableRenderer.render(report, title: "beep-stats \(node.url)  \(time)  (rates over \(interval) s)")
    }
}
