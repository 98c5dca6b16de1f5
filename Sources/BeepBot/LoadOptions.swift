import BeepCalls
import BeepICE

/// The SFU a load runs against.
public enum LoadTarget: Sendable {
    /// Beep's calls service: bots join through its signalling WebSocket with join tokens the
    /// runner signs itself (the operator's `BEEP_CALL_TOKEN_KEY`).
    case beep(signallingURL: String, issuer: JoinTokenIssuer)
    /// Janus's VideoRoom plugin over its HTTP API (`http://host:8088/janus`).
    case janus(apiURL: String)

    /// `beep` or `janus`.
    public var name: String {
        switch self {
        case .beep: "beep"
        case .janus: "janus"
        }
    }
}

/// `beep-bot load`: how many bots, for how long, and the quality bar (docs/bot.md, "Load mode").
///
/// In each room `publishers` bots publish (audio, plus video with `video`) and receive nothing;
/// `subscribers` bots publish nothing and receive every publisher of their room. Against Beep
/// the publishers' tokens lack `subscribe` and the subscribers' lack the publish permissions;
/// against Janus they are VideoRoom publishers and multistream subscribers. Every forwarded
/// stream therefore goes from one publisher to one subscriber in both SFUs.
public struct LoadOptions: Sendable {
    /// The SFU.
    public var target: LoadTarget
    /// Rooms (1-20).
    public var rooms: Int
    /// Publishers per room (1-20: each has its own tone, 130 Hz apart).
    public var publishers: Int
    /// Subscribers per room (0-200).
    public var subscribers: Int
    /// The measuring window, seconds (1-600), after every bot joined.
    public var durationSeconds: Double
    /// Publishers send VP8 video too (else audio only: 50 Opus packets/s each).
    public var video: Bool = false
    /// Video size and rate when `video`.
    public var width = 320, height = 240, fps = 15, videoBitrateKbps = 300
    /// The per-track quality bar (loss, freezes, frames, tone).
    public var criteria = BotCriteria()
    /// The local address the bots' media sockets bind.
    public var bindHost = "127.0.0.1"
    /// Remote addresses ICE may use.
    public var iceAddressPolicy: ICEAddressPolicy = .loopbackOnly
    /// Time between two bots' joins.
    public var joinSpacing: Duration = .milliseconds(50)
    /// Time a bot may take to join and connect media; the ramp allows for it before measuring.
    public var joinAllowance: Duration = .seconds(3)
    /// The SFU process whose CPU time is read from /proc over the window (optional).
    public var sfuPID: Int32?
    /// How bots use the TURN servers Beep offers: ignored unless `--relay-only` (Janus
    /// offers none).
    public var turnUse: BotTURNUse = .ignore
    /// Publishers send their camera as three simulcast layers (with `video`).
    public var simulcast = false
    /// Event loop threads shared by all bots.
    public var threads: Int = 2
    /// A room name prefix (Beep) and the first numeric room id (Janus).
    public var roomPrefix = "load", firstJanusRoom: Int64 = 7_700

    /// Limits (docs/bot.md): bounded counts and time.
    public static let maxRooms = 20, maxPublishers = 20, maxSubscribers = 200, maxDurationSeconds = 600.0

    /// Options with the defaults of docs/bot.md.
    public init(target: LoadTarget, rooms: Int, publishers: Int, subscribers: Int, durationSeconds: Double) {
        self.target = target
        self.rooms = rooms
        self.publishers = publishers
        self.subscribers = subscribers
        self.durationSeconds = durationSeconds
    }

    /// Checks the bounds; a `badArguments` error names the first one broken.
    public func validate() throws(BotError) {
        guard (1...Self.maxRooms).contains(rooms) else { throw BotError(.badArguments, "--rooms must be within 1-\(Self.maxRooms)") }
        guard (1...Self.maxPublishers).contains(publishers) else {
            throw BotError(.badArguments, "--publishers must be within 1-\(Self.maxPublishers)")
        }
        guard (0...Self.maxSubscribers).contains(subscribers) else {
            throw BotError(.badArguments, "--subscribers must be within 0-\(Self.maxSubscribers)")
        }
        guard durationSeconds.isFinite, (1...Self.maxDurationSeconds).contains(durationSeconds) else {
            throw BotError(.badArguments, "--duration must be within 1-\(Int(Self.maxDurationSeconds)) seconds")
        }
        guard (1...64).contains(threads) else { throw BotError(.badArguments, "--threads must be within 1-64") }
    }

    /// The tone of publisher `index` (0-based): 300 Hz + 130 Hz steps, up to 2770 Hz.
    public static func toneHz(publisher index: Int) -> Double { 300 + 130 * Double(index) }
}
