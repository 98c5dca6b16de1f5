/// One step of a bot's `--script` (docs/bot.md, "Script").
public enum BotStep: Sendable, Hashable, CustomStringConvertible {
    /// Enter the call (join, publish, negotiate, connect media).
    case join
    /// Start sending the tone (same as `unmute`; the bot starts muted only if told so).
    case speak
    /// Stop sending audio and announce `mute`.
    case mute
    /// Resume audio and announce the unmute.
    case unmute
    /// Camera on (resume video) or off (stop video, announced as a video mute).
    case camera(on: Bool)
    /// Leave the call (the WebSocket stays open as a watcher until the run ends).
    case leave
    /// Keep the current state for this long.
    case wait(Duration)

    /// The step as written in a script.
    public var description: String {
        switch self {
        case .join: "join"
        case .speak: "speak"
        case .mute: "mute"
        case .unmute: "unmute"
        case .camera(let on): on ? "camera on" : "camera off"
        case .leave: "leave"
        case .wait(let duration): "wait \(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)"
        }
    }
}

/// A parsed `--script`: steps separated by `;` or new lines, e.g.
/// `join; wait 5; mute; wait 2; unmute; camera off; wait 1; camera on; wait 3; leave`.
public struct BotScript: Sendable, Hashable {
    /// The steps in order.
    public var steps: [BotStep]

    /// The longest single wait accepted (one hour).
    public static let maxWaitSeconds = 3600.0
    /// The most steps accepted.
    public static let maxSteps = 1000

    /// A script of these steps.
    public init(steps: [BotStep]) { self.steps = steps }

    /// The default script: join, stay `seconds`, leave.
    public static func stay(seconds: Double) -> BotScript {
        BotScript(steps: [.join, .wait(.milliseconds(Int64(seconds * 1000))), .leave])
    }

    /// Parses a script; the first step must be `join`, and nothing but `wait` may follow `leave`.
    public static func parse(_ text: String) throws(BotError) -> BotScript {
        var steps: [BotStep] = []
        let pieces = text.split(whereSeparator: { $0 == ";" || $0 == "\n" })
        for (index, raw) in pieces.enumerated() {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map { $0.lowercased() }
            guard !words.isEmpty else { continue }
            steps.append(try parseStep(words, position: index + 1))
            guard steps.count <= maxSteps else { throw BotError(.badArguments, "script: more than \(maxSteps) steps") }
        }
        guard steps.first == .join else { throw BotError(.badArguments, "script: the first step must be `join`") }
        guard steps.filter({ $0 == .join }).count == 1 else {
            throw BotError(.badArguments, "script: `join` may appear only once")
        }
        if let leave = steps.firstIndex(of: .leave),
           steps[steps.index(after: leave)...].contains(where: { if case .wait = $0 { false } else { true } }) {
            throw BotError(.badArguments, "script: only `wait` may follow `leave`")
        }
        return BotScript(steps: steps)
    }

    private static func parseStep(_ words: [String], position: Int) throws(BotError) -> BotStep {
        switch (words.first ?? "", words.count) {
        case ("join", 1): return .join
        case ("speak", 1): return .speak
        case ("mute", 1): return .mute
        case ("unmute", 1): return .unmute
        case ("leave", 1): return .leave
        case ("camera", 2) where words[1] == "on": return .camera(on: true)
        case ("camera", 2) where words[1] == "off": return .camera(on: false)
        case ("wait", 2):
            guard let seconds = Double(words[1]), seconds.isFinite, seconds >= 0, seconds <= maxWaitSeconds else {
                throw BotError(.badArguments, "script step \(position): `wait` takes seconds between 0 and \(Int(maxWaitSeconds))")
            }
            return .wait(.milliseconds(Int64((seconds * 1000).rounded())))
        case ("share", _):
            throw BotError(.badArguments, "script step \(position): screen sharing is not supported by beep-bot yet")
        default:
            throw BotError(.badArguments, "script step \(position): unknown step `\(words.joined(separator: " "))`")
        }
    }
}
