import ArgumentParser
import BeepBot
import BeepCalls
import BeepICE
import Foundation

/// `beep-bot load`: many bots in one process against Beep or Janus (docs/bot.md, "Load mode").
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beep-bot load",
        abstract: "Run a bounded load of publishing and subscribing bots; exit 5 when the quality bar is missed.",
        discussion: """
            Against Beep (--url) the join tokens are signed with $BEEP_CALL_TOKEN_KEY (the key Beep \
            verifies with). Against Janus (--janus http://HOST:8088/janus) the bots use the VideoRoom \
            plugin. Exit codes: 0 all criteria met, 2 bad arguments, 3 cannot connect, 5 criteria missed.
            """)

    @Option(help: "Beep's base URL or signalling WebSocket URL (ws://.../call/ws).")
    var url: String?

    @Option(help: "Janus's HTTP API root instead of Beep, e.g. http://127.0.0.1:8088/janus.")
    var janus: String?

    @Option(help: "Rooms (1-20).")
    var rooms: Int = 1

    @Option(help: "Publishing bots per room (1-20).")
    var publishers: Int = 2

    @Option(help: "Receiving bots per room (0-200).")
    var subscribers: Int = 2

    @Option(help: "Seconds of the measuring window (1-600), after everyone joined.")
    var duration: Double = 10

    @Flag(help: "Publishers send VP8 video too (default: audio only, 50 packets/s each).")
    var video = false

    @Option(name: .customLong("sfu-pid"), help: "The SFU process: its CPU time over the window is reported.")
    var sfuPID: Int32?

    @Option(help: "Local address for the bots' media sockets.")
    var bind: String = "127.0.0.1"

    @Option(name: .customLong("ice-network"),
            help: "A CIDR network ICE may use besides loopback (e.g. 10.77.0.0/24); repeatable.")
    var iceNetworks: [String] = []

    @Option(help: "Event loop threads for all bots (1-64).")
    var threads: Int = 2

    @Option(name: .customLong("join-spacing-ms"), help: "Milliseconds between two bots' joins (0-2000).")
    var joinSpacingMs: Int = 50

    @Option(name: .customLong("join-allowance"),
            help: "Seconds a bot may take to join and connect before the next phase (1-60); timeout: this + 5.")
    var joinAllowance: Double = 3

    @OptionGroup var common: CommonBotOptions

    /// The load options, or a `badArguments` error.
    func options(environment: [String: String]) throws(BotError) -> LoadOptions {
        let target: LoadTarget
        switch (url, janus) {
        case (let url?, nil):
            guard environment[JoinTokenKeyStore.environmentVariable] != nil else {
                throw BotError(.badArguments, "\(JoinTokenKeyStore.environmentVariable) must hold Beep's join-token key")
            }
            let key: JoinTokenIssuer
            do {
                key = JoinTokenIssuer(privateKey: try JoinTokenKeyStore.loadOrCreate(
                    environment: environment, dataDirectory: URL(fileURLWithPath: "/nonexistent")))
            } catch {
                throw BotError(.badArguments, error.reason)
            }
            target = .beep(signallingURL: try BotOptions.signallingURL(from: url), issuer: key)
        case (nil, let janus?):
            guard janus.hasPrefix("http://") else { throw BotError(.badArguments, "--janus must start with http://") }
            target = .janus(apiURL: janus)
        default:
            throw BotError(.badArguments, "give exactly one of --url (Beep) and --janus")
        }
        var options = LoadOptions(target: target, rooms: rooms, publishers: publishers, subscribers: subscribers,
                                  durationSeconds: duration)
        options.video = video
        let common = try common.validated()
        options.fps = common.fps
        options.criteria.maxLossPercent = common.maxLoss
        options.criteria.maxFreezes = common.maxFreezes
        options.turnUse = common.relayOnly ? .relayOnly : .ignore
        if common.simulcast {
            guard video else { throw BotError(.badArguments, "--simulcast needs --video") }
            options.simulcast = true
            (options.width, options.height) = CommonBotOptions.simulcastSize
        }
        options.sfuPID = sfuPID
        options.bindHost = bind
        var networks = ICEAddressPolicy.loopbackOnly.allowedNetworks
        for text in iceNetworks {
            guard let network = ICENetwork(text) else { throw BotError(.badArguments, "--ice-network \(text) is not a CIDR network") }
            networks.append(network)
        }
        options.iceAddressPolicy = ICEAddressPolicy(allowedNetworks: networks)
        options.threads = threads
        guard (0...2000).contains(joinSpacingMs) else { throw BotError(.badArguments, "--join-spacing-ms must be within 0-2000") }
        options.joinSpacing = .milliseconds(joinSpacingMs)
        guard joinAllowance.isFinite, (1...60).contains(joinAllowance) else {
            throw BotError(.badArguments, "--join-allowance must be within 1-60 seconds")
        }
        options.joinAllowance = .milliseconds(Int64(joinAllowance * 1000))
        try options.validate()
        return options
    }
}
