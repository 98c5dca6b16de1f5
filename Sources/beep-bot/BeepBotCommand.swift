import ArgumentParser
import BeepBot

/// `beep-bot`: a headless call participant (docs/bot.md).
struct BeepBotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beep-bot",
        abstract: "A headless Beep call participant: publishes a tone and a test pattern, checks what it receives.",
        discussion: """
            Exit codes: 0 all criteria met, 2 bad arguments, 3 cannot connect, 4 token refused, \
            5 media criteria missed, 6 call failed. See docs/bot.md.
            """)

    @Option(help: "Beep's base URL (http://127.0.0.1:8080) or the signalling WebSocket URL (ws://.../call/ws).")
    var url: String

    @Option(help: "The join token (`beep token create`); defaults to $BEEP_BOT_TOKEN.")
    var token: String?

    @Option(help: "The call room.")
    var room: String

    @Option(name: .customLong("tone-hz"), help: "The tone this bot sends, in Hz (100-3000).")
    var toneHz: Double = 440

    @Option(help: "Video frames per second (1-30).")
    var fps: Int = 15

    @Option(help: "Video width (even, 128-1280).")
    var width: Int = 320

    @Option(help: "Video height (even, 96-720).")
    var height: Int = 240

    @Option(name: .customLong("video-kbps"), help: "VP8 target bitrate in kbit/s.")
    var videoKbps: Int = 400

    @Option(help: "Steps separated by ';': join, speak, mute, unmute, camera on|off, leave, wait SECONDS.")
    var script: String?

    @Option(help: "Without --script: seconds to stay in the call (join; wait D; leave).")
    var duration: Double = 10

    @Option(name: .customLong("expect-peers"), help: "Fail unless audio and video of this many participants arrived.")
    var expectPeers: Int = 0

    @Option(name: .customLong("max-loss"), help: "Highest loss per remote track, percent.")
    var maxLoss: Double = 1.0

    @Option(name: .customLong("min-frames"), help: "Fewest decoded frames per remote video track.")
    var minFrames: Int = 10

    @Option(name: .customLong("step-timeout"), help: "Seconds `join` may take to join and connect media.")
    var stepTimeout: Double = 15

    @Option(name: .customLong("max-freezes"), help: "Freezes allowed per remote video track.")
    var maxFreezes: Int = 0

    @Option(name: .customLong("simulate-loss"),
            help: "Drop this percent of outgoing RTP before the socket (tests NACK/PLI handling).")
    var simulateLoss: Double = 0

    @Option(name: .customLong("expect-tone"),
            help: "IDENTITY=HZ: listen for this tone from a participant whose track announces none (repeatable).")
    var expectTone: [String] = []

    @Flag(help: "Print the report as JSON instead of the table.")
    var json = false

    /// Turns the arguments into run options, or a `badArguments` error.
    func options(environmentToken: String?) throws(BotError) -> BotOptions {
        guard let token = token ?? environmentToken, !token.isEmpty else {
            throw BotError(.badArguments, "no token: pass --token or set BEEP_BOT_TOKEN")
        }
        guard !room.isEmpty else { throw BotError(.badArguments, "--room must not be empty") }
        guard (100...3000).contains(toneHz) else { throw BotError(.badArguments, "--tone-hz must be within 100-3000") }
        guard (1...30).contains(fps) else { throw BotError(.badArguments, "--fps must be within 1-30") }
        guard (128...1280).contains(width), (96...720).contains(height), width % 2 == 0, height % 2 == 0 else {
            throw BotError(.badArguments, "--width/--height must be even, 128-1280 x 96-720")
        }
        guard (50...5000).contains(videoKbps) else { throw BotError(.badArguments, "--video-kbps must be within 50-5000") }
        guard duration.isFinite, (0...BotScript.maxWaitSeconds).contains(duration) else {
            throw BotError(.badArguments, "--duration must be within 0-3600 seconds")
        }
        guard stepTimeout.isFinite, (1...300).contains(stepTimeout) else {
            throw BotError(.badArguments, "--step-timeout must be within 1-300 seconds")
        }
        guard maxLoss.isFinite, (0...100).contains(maxLoss), (0...100_000).contains(minFrames),
              (0...1000).contains(expectPeers), (0...100_000).contains(maxFreezes),
              simulateLoss.isFinite, (0...50).contains(simulateLoss) else {
            throw BotError(.badArguments,
                           "--max-loss, --min-frames, --max-freezes, --expect-peers or --simulate-loss out of range")
        }
        let parsedScript: BotScript
        if let script { parsedScript = try BotScript.parse(script) } else { parsedScript = .stay(seconds: duration) }
        var criteria = BotCriteria()
        criteria.maxLossPercent = maxLoss
        criteria.minFramesDecoded = minFrames
        criteria.maxFreezes = maxFreezes
        var options = BotOptions(signallingURL: try BotOptions.signallingURL(from: url), token: token, room: room,
                          toneHz: toneHz, fps: fps, width: width, height: height, videoBitrateKbps: videoKbps,
                          script: parsedScript, criteria: criteria, expectPeers: expectPeers,
                          stepTimeout: .milliseconds(Int64(stepTimeout * 1000)))
        options.simulatedSendLossPercent = simulateLoss
        for entry in expectTone {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let hz = Double(parts[1]), (100...3000).contains(hz) else {
                throw BotError(.badArguments, "--expect-tone must look like IDENTITY=HZ with 100-3000 Hz (got \(entry.prefix(80)))")
            }
            options.expectedTones[parts[0]] = hz
        }
        return options
    }
}
