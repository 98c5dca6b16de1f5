/// One bot of a load: its room, role, tone and when it starts.
struct PlannedBot: Sendable, Hashable {
    /// Unique name (`pub-<room>-<i>` or `sub-<room>-<i>`), also its identity.
    var name: String
    /// Room index (0-based).
    var room: Int
    /// Publisher (true) or subscriber.
    var publishes: Bool
    /// A publisher's tone.
    var toneHz: Double?
    /// When it starts, from the load's start.
    var startOffset: Duration
}

/// The schedule of a load (``LoadRunner``): who starts when, when the window opens and closes,
/// and how many remote tracks the subscribers must receive.
struct LoadPlan: Sendable {
    let options: LoadOptions
    /// Publishers of all rooms first, then subscribers.
    let bots: [PlannedBot]
    /// When the measuring window opens and closes, from the load's start.
    let windowStart: Duration, windowEnd: Duration

    init(options: LoadOptions) {
        self.options = options
        var bots: [PlannedBot] = []
        var offset = Duration.zero
        for room in 0..<options.rooms {
            for index in 0..<options.publishers {
                bots.append(PlannedBot(name: "pub-\(room + 1)-\(index + 1)", room: room, publishes: true,
                                       toneHz: LoadOptions.toneHz(publisher: index), startOffset: offset))
                offset += options.joinSpacing
            }
        }
        // Subscribers start once every publisher had its allowance to join and publish.
        offset += options.joinAllowance
        for room in 0..<options.rooms {
            for index in 0..<options.subscribers {
                bots.append(PlannedBot(name: "sub-\(room + 1)-\(index + 1)", room: room, publishes: false, toneHz: nil,
                                       startOffset: offset))
                offset += options.joinSpacing
            }
        }
        self.bots = bots
        windowStart = offset + options.joinAllowance + .seconds(1)
        windowEnd = windowStart + .milliseconds(Int64(options.durationSeconds * 1000))
    }

    /// Remote tracks all subscribers must receive: every publisher's audio (and video) in their room.
    var expectedTracks: Int {
        options.rooms * options.subscribers * options.publishers * (options.video ? 2 : 1)
    }

    /// Beep's room name for room `index`.
    func roomName(_ index: Int) -> String { "\(options.roomPrefix)-\(index + 1)" }
}
