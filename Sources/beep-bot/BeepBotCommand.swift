import ArgumentParser
import BeepBot
import BeepCalls

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

    @Option(help: "Video width (even, 128-1280; a multiple of 8 with --simulcast). Default 320, 640 with --simulcast.")
    var width: Int?

    @Option(help: "Video height (even, 96-720; a multiple of 8 with --simulcast). Default 240, 360 with --simulcast.")
    var height: Int?

    @Option(name: .customLong("max-layer"),
            help: "Ask the SFU for at most this simulcast layer (q, h or f) of every remote camera.")
    var maxLayer: String?

    @Option(name: .customLong("video-kbps"), help: "VP8 target bitrate in kbit/s.")
    var videoKbps: Int = 400

    @Option(help: "Steps separated by ';': join, speak, mute, unmute, camera on|off, leave, wait SECONDS.")
    var script: String?

    @Option(help: "Without --script: seconds to stay in the call (join; wait D; leave).")
    var duration: Double = 10

    @Option(name: .customLong("expect-peers"), help: "Fail unless audio and video of this many participants arrived.")
    var expectPeers: Int = 0

    @Option(name: .customLong("min-frames"), help: "Fewest decoded frames per remote video track.")
    var minFrames: Int = 10

    @Option(name: .customLong("step-timeout"), help: "Seconds `join` may take to join and connect media.")
    var stepTimeout: Double = 15

    @Option(name: .customLong("simulate-loss"),
            help: "Drop this percent of outgoing RTP before the socket (tests NACK/PLI handling).")
    var simulateLoss: Double = 0

    @Option(name: .customLong("expect-tone"),
            help: "IDENTITY=HZ: listen for this tone from a participant whose track announces none (repeatable).")
    var expectTone: [String] = []

    @Flag(name: .customLong("no-turn"), help: "Ignore the TURN servers `joined` offers (host candidates only).")
    var noTURN = false

    @Option(name: .customLong("turn-server"),
            help: "turn:HOST:PORT (UDP, IP literal) to use instead of the TURN servers `joined` offers; the password comes from $BEEP_BOT_TURN_PASSWORD.")
    var turnServer: String?

    @Option(name: .customLong("turn-username"), help: "The username for --turn-server.")
    var turnUsername: String?

    @OptionGroup var common: CommonBotOptions

    /// Turns the arguments into run options, or a `badArguments` error.
    func options(environmentToken: String?, turnPassword: String? = nil) throws(BotError) -> BotOptions {
        guard let token = token ?? environmentToken, !token.isEmpty else {
            throw BotError(.badArguments, "no token: pass --token or set BEEP_BOT_TOKEN")
        }
        guard !room.isEmpty else { throw BotError(.badArguments, "--room must not be empty") }
        guard (100...3000).contains(toneHz) else { throw BotError(.badArguments, "--tone-hz must be within 100-3000") }
        let common = try common.validated()
        guard !(noTURN && common.relayOnly) else { throw BotError(.badArguments, "--no-turn and --relay-only exclude each other") }
        let width = width ?? (common.simulcast ? CommonBotOptions.simulcastSize.width : 320)
        let height = height ?? (common.simulcast ? CommonBotOptions.simulcastSize.height : 240)
        guard (128...1280).contains(width), (96...720).contains(height), width % 2 == 0, height % 2 == 0 else {
            throw BotError(.badArguments, "--width/--height must be even, 128-1280 x 96-720")
        }
        guard !common.simulcast || (width % 8 == 0 && height % 8 == 0 && width >= 512 && height >= 256) else {
            throw BotError(.badArguments, "--simulcast needs --width/--height multiples of 8, at least 512 x 256")
        }
        let layer: SimulcastLayerName?
        if let maxLayer {
            guard let parsed = SimulcastLayerName(rawValue: maxLayer) else {
                throw BotError(.badArguments, "--max-layer must be q, h or f")
            }
            layer = parsed
        } else {
            layer = nil
        }
        guard (50...5000).contains(videoKbps) else { throw BotError(.badArguments, "--video-kbps must be within 50-5000") }
        guard duration.isFinite, (0...BotScript.maxWaitSeconds).contains(duration) else {
            throw BotError(.badArguments, "--duration must be within 0-3600 seconds")
        }
        guard stepTimeout.isFinite, (1...300).contains(stepTimeout) else {
            throw BotError(.badArguments, "--step-timeout must be within 1-300 seconds")
        }
        guard (0...100_000).contains(minFrames), (0...1000).contains(expectPeers),
              simulateLoss.isFinite, (0...50).contains(simulateLoss) else {
            throw BotError(.badArguments, "--min-frames, --expect-peers or --simulate-loss out of range")
        }
        let parsedScript: BotScript
        if let script { parsedScript = try BotScript.parse(script) } else { parsedScript = .stay(seconds: duration) }
        var criteria = BotCriteria()
        criteria.maxLossPercent = common.maxLoss
        criteria.minFramesDecoded = minFrames
        criteria.maxFreezes = common.maxFreezes
        var options = BotOptions(signallingURL: try BotOptions.signallingURL(from: url), token: token, room: room,
                          toneHz: toneHz, fps: common.fps, width: width, height: height, videoBitrateKbps: videoKbps,
                          script: parsedScript, criteria: criteria, expectPeers: expectPeers,
                          stepTimeout: .milliseconds(Int64(stepTimeout * 1000)))
        options.simulatedSendLossPercent = simulateLoss
        options.simulcast = common.simulcast
        options.maxLayer = layer
        options.turnUse = common.relayOnly ? .relayOnly : noTURN ? .ignore : .whenOffered
        if let turnServer {
            guard !noTURN, let username = turnUsername, let password = turnPassword, !username.isEmpty,
                  let server = BotTURNServers.usable([ICEServer(urls: [turnServer], username: username,
                                                                credential: password)]).first else {
                throw BotError(.badArguments, "--turn-server needs a turn:IP:PORT over UDP, --turn-username and "
                               + "$BEEP_BOT_TURN_PASSWORD (and no --no-turn)")
            }
            options.fixedTURNServers = [server]
        }
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
