import ArgumentParser
import BeepBot

/// The options `beep-bot` and `beep-bot load` share (docs/bot.md): video rate and simulcast,
/// the quality bar, TURN and the output format.
struct CommonBotOptions: ParsableArguments {
    @Option(help: "Video frames per second (1-30).")
    var fps: Int = 15

    @Option(name: .customLong("max-loss"), help: "Highest loss per remote track, percent.")
    var maxLoss: Double = 1.0

    @Option(name: .customLong("max-freezes"), help: "Freezes allowed per remote video track.")
    var maxFreezes: Int = 0

    @Flag(name: .customLong("relay-only"),
          help: "Send media only through the TURN servers `joined` offers (iceTransportPolicy relay).")
    var relayOnly = false

    @Flag(help: "Publish the camera as three simulcast layers (rids q, h, f at 1/4, 1/2 and full size).")
    var simulcast = false

    @Flag(help: "Print the report as JSON instead of the table.")
    var json = false

    /// Checks the shared ranges; `badArguments` otherwise.
    func validated() throws(BotError) -> Self {
        guard (1...30).contains(fps) else { throw BotError(.badArguments, "--fps must be within 1-30") }
        guard maxLoss.isFinite, (0...100).contains(maxLoss), (0...100_000).contains(maxFreezes) else {
            throw BotError(.badArguments, "--max-loss or --max-freezes out of range")
        }
        return self
    }

    /// The picture size a simulcast camera uses unless `--width`/`--height` say otherwise: its
    /// quarter layer (160×90) still carries the frame stamp.
    static let simulcastSize = (width: 640, height: 360)
}
