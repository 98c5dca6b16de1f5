import BeepCalls
import BeepICE

/// Everything one bot run needs (the `beep-bot` command line, docs/bot.md).
public struct BotOptions: Sendable {
    /// The signalling WebSocket URL (`ws://host:port/call/ws`).
    public var signallingURL: String
    /// The join token (`beep token create`).
    public var token: String
    /// The room to join.
    public var room: String
    /// The tone this bot sends, in hertz (announced in its audio track id).
    public var toneHz: Double
    /// Video frame rate.
    public var fps: Int
    /// Video width.
    public var width: Int
    /// Video height.
    public var height: Int
    /// VP8 target bitrate in kbit/s.
    public var videoBitrateKbps: Int
    /// What to do.
    public var script: BotScript
    /// The quality bar.
    public var criteria: BotCriteria
    /// Remote participants whose audio and video must have been received (0: any number).
    public var expectPeers: Int
    /// The local address to bind the media socket to (loopback by default).
    public var bindHost: String
    /// How long `join` may take until `joined`, and media until DTLS-SRTP is keyed.
    public var stepTimeout: Duration
    /// Percent of outgoing SRTP packets dropped on purpose before the socket (after the send
    /// history kept them), to exercise NACK and PLI handling; 0 in normal runs.
    public var simulatedSendLossPercent: Double = 0
    /// The tone (Hz) to listen for in the audio of participants by identity, when their track
    /// id announces none (a browser playing a known WAV file, say).
    public var expectedTones: [String: Double] = [:]
    /// Publish the audio track (false: offer a receive-only audio section instead).
    public var publishAudio = true
    /// Publish the video track (false: offer a receive-only video section instead).
    public var publishVideo = true
    /// The remote addresses ICE may pair with (loopback only by default; the SFU benchmark
    /// widens it to its own namespace's veth network).
    public var iceAddressPolicy: ICEAddressPolicy = .loopbackOnly
    /// How the TURN servers of `joined.iceServers` are used (`--relay-only`, `--no-turn`).
    public var turnUse: BotTURNUse = .whenOffered
    /// TURN servers to use instead of those `joined` offers (`--turn-server`), e.g. another
    /// vendor's TURN in an interoperability test; empty: the offered ones.
    public var fixedTURNServers: [ICETURNServer] = []
    /// Publish the camera as three simulcast layers (`--simulcast`, RFC 8853).
    public var simulcast = false
    /// The highest simulcast layer wanted of every remote camera (`--max-layer`, signalling
    /// `maxLayer`); nil asks for none.
    public var maxLayer: SimulcastLayerName?

    /// Options with the defaults of docs/bot.md.
    public init(signallingURL: String, token: String, room: String, toneHz: Double = 440, fps: Int = 15,
                width: Int = 320, height: Int = 240, videoBitrateKbps: Int = 400,
                script: BotScript = .stay(seconds: 10), criteria: BotCriteria = BotCriteria(), expectPeers: Int = 0,
                bindHost: String = "127.0.0.1", stepTimeout: Duration = .seconds(15)) {
        self.signallingURL = signallingURL
        self.token = token
        self.room = room
        self.toneHz = toneHz
        self.fps = fps
        self.width = width
        self.height = height
        self.videoBitrateKbps = videoBitrateKbps
        self.script = script
        self.criteria = criteria
        self.expectPeers = expectPeers
        self.bindHost = bindHost
        self.stepTimeout = stepTimeout
    }

    /// The WebSocket URL for a base URL: `http://h:p` → `ws://h:p/call/ws`; a `ws://` URL
    /// with a path is kept. Other schemes (and `wss`, not supported yet) are refused.
    public static func signallingURL(from base: String) throws(BotError) -> String {
        var url = base.trimmingSpaces()
        if url.hasPrefix("http://") { url = "ws://" + url.dropFirst("http://".count) }
        guard url.hasPrefix("ws://") else {
            throw BotError(.badArguments, "--url must start with http:// or ws:// (got \(base.prefix(80)))")
        }
        let rest = url.dropFirst("ws://".count)
        guard let host = rest.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty else {
            throw BotError(.badArguments, "--url has no host: \(base.prefix(80))")
        }
        if rest.count == host.count || String(rest) == String(host) + "/" { return "ws://\(host)/call/ws" }
        return url
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
