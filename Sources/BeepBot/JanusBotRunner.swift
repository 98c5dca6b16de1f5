import BeepSDP
import NIOCore

/// What one bot does in a Janus VideoRoom: publish (its own publisher handle) or receive a set
/// of feeds (one multistream subscriber handle).
public enum JanusRole: Sendable, Hashable {
    /// Joins as a publisher named `display` and publishes its tracks.
    case publisher(display: String)
    /// Joins as a subscriber of these publisher feeds.
    case subscriber(feeds: [Int64])
}

/// Runs one bot against Janus's VideoRoom plugin (janus.plugin.videoroom, API of Janus 1.x)
/// with the same engine, media and checks as against Beep; only the signalling differs:
///
/// - publisher: `join` (`ptype: publisher`), then `publish` with the bot's JSEP offer; Janus's
///   `configured` event carries the answer.
/// - subscriber: `join` (`ptype: subscriber`, `streams: [{feed}]`); Janus's `attached` event
///   carries its offer and the `streams` list (mid → feed id and display), the bot answers
///   with `start`. Display names carry the tone (`tone-440hz-…`), so the tone check works as
///   with Beep's track ids.
///
/// The bot stays until `leaveAt`, then `leave`s and detaches.
public struct JanusBotRunner: Sendable {
    /// The bot's options (`room`, `token` and `signallingURL` are not used).
    public let options: BotOptions
    /// The Janus session the bot's handle lives in.
    public let session: JanusSession
    /// The numeric VideoRoom room id.
    public let room: Int64
    /// Publisher or subscriber.
    public let role: JanusRole
    /// When to leave.
    public let leaveAt: ContinuousClock.Instant
    let group: any EventLoopGroup
    let onEngine: @Sendable (NIOLoopBound<BotEngine>) -> Void

    /// A runner on `group`; `onEngine` receives the engine once created (load mode samples it).
    public init(options: BotOptions, session: JanusSession, room: Int64, role: JanusRole, leaveAt: ContinuousClock.Instant,
                group: any EventLoopGroup, onEngine: @escaping @Sendable (NIOLoopBound<BotEngine>) -> Void = { _ in }) {
        self.options = options
        self.session = session
        self.room = room
        self.role = role
        self.leaveAt = leaveAt
        self.group = group
        self.onEngine = onEngine
    }

    /// Plays the run and returns the report (errors end up in it).
    public func run() async -> BotReport {
        let loop = group.next()
        let started: (NIOLoopBound<BotEngine>, any Channel)
        do {
            started = try await BotRunner.startEngine(options: options, loop: loop,
                                                      outgoing: SignallingSink(send: { _ in }, finish: {}))
        } catch {
            return BotRunner.failedReport(options: options, error: error)
        }
        let (engine, channel) = started
        onEngine(engine)
        var failure: BotError?
        var handle: Int64?
        do {
            let attached = try await session.attach()
            handle = attached
            try await negotiate(handle: attached, engine: engine)
            try await waitForMedia(engine: engine)
            try await sleepWatching(engine: engine, until: leaveAt)
        } catch let error as BotError {
            failure = error
        } catch {
            failure = BotError(.callFailed, "\(error)")
        }
        _ = try? await loop.submit { engine.value.leave() }.get()
        if let handle {
            _ = try? await session.message(handle: handle, body: ["request": .string("leave")], timeout: .seconds(3))
        }
        try? await Task.sleep(for: .milliseconds(300))
        let finalError = failure
        let report = try? await loop.submit { () -> BotReport in
            engine.value.shutdown()
            return engine.value.report(error: finalError)
        }.get()
        if let handle { await session.detach(handle: handle) }
        try? await channel.close()
        return report ?? BotRunner.failedReport(options: options, error: finalError ?? BotError(.callFailed, "event loop gone"))
    }

    private func negotiate(handle: Int64, engine: NIOLoopBound<BotEngine>) async throws {
        switch role {
        case .publisher(let display):
            let joined = try await session.message(handle: handle, body: [
                "request": .string("join"), "ptype": .string("publisher"), "room": .int(room), "display": .string(display),
            ])
            guard let feed = joined["plugindata"]?["data"]?["id"]?.int else {
                throw BotError(.callFailed, "Janus join: no publisher id in \(JanusSession.brief(joined))")
            }
            let offer = try await engine.eventLoop.submit { () -> String in
                engine.value.markJoined(participantID: "\(feed)", name: display)
                return engine.value.localOffer()
            }.get()
            let configured = try await session.message(handle: handle, body: [
                "request": .string("publish"), "audio": .bool(options.publishAudio), "video": .bool(options.publishVideo),
            ], jsep: .object([
                "type": .string("offer"), "sdp": .string(offer),
                // The bot lists its simulcast rids low to high (q;h;f, like Chromium); Janus
                // reads them high to low unless told otherwise (its default "hml").
                "rid_order": .string("lmh"),
            ]))
            guard let answer = configured["jsep"]?["sdp"]?.string else {
                throw BotError(.callFailed, "Janus publish: no JSEP answer in \(JanusSession.brief(configured))")
            }
            try await engine.eventLoop.submit { engine.value.applyAnswer(answer) }.get()
        case .subscriber(let feeds):
            let attached = try await session.message(handle: handle, body: [
                "request": .string("join"), "ptype": .string("subscriber"), "room": .int(room),
                "streams": .array(feeds.map { .object(["feed": .int($0)]) }),
            ])
            guard let offer = attached["jsep"]?["sdp"]?.string else {
                throw BotError(.callFailed, "Janus subscribe: no JSEP offer in \(JanusSession.brief(attached))")
            }
            let labels = Self.streamLabels(attached["plugindata"]?["data"]?["streams"])
            let answer = try await engine.eventLoop.submit { () -> String? in
                engine.value.markJoined(participantID: "subscriber-\(handle)", name: "subscriber")
                return engine.value.acceptRemoteOffer(offer, now: BotEngine.now()) { track in
                    var track = track
                    if let label = labels[track.mid] {
                        track.participantID = label.feed
                        track.trackID = track.kind == .audio ? label.display : RemoteTrackReceiver.stampedTrackPrefix + label.display
                    }
                    return track
                }
            }.get()
            guard let answer else { throw BotError(.callFailed, "Janus's subscriber offer is unusable") }
            _ = try await session.message(handle: handle, body: ["request": .string("start")],
                                          jsep: .object(["type": .string("answer"), "sdp": .string(answer)]))
        }
    }

    /// mid → (feed id, display) from the `streams` of an `attached`/`updated` event.
    static func streamLabels(_ streams: JanusJSON?) -> [String: (feed: String, display: String)] {
        var labels: [String: (feed: String, display: String)] = [:]
        for stream in streams?.array ?? [] {
            guard let mid = stream["mid"]?.string else { continue }
            let feed = stream["feed_id"]?.int.map { "\($0)" } ?? stream["feed_id"]?.string ?? "?"
            labels[mid] = (feed, stream["feed_display"]?.string ?? feed)
        }
        return labels
    }

    private func waitForMedia(engine: NIOLoopBound<BotEngine>) async throws {
        let deadline = ContinuousClock.now + options.stepTimeout
        while true {
            let phase = try await engine.eventLoop.submit { engine.value.phase }.get()
            if case .failed(let error) = phase { throw error }
            if phase == .mediaConnected { return }
            guard ContinuousClock.now < deadline else {
                throw BotError(.callFailed, "timed out after \(options.stepTimeout) waiting for media (ICE + DTLS with Janus)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func sleepWatching(engine: NIOLoopBound<BotEngine>, until deadline: ContinuousClock.Instant) async throws {
        while ContinuousClock.now < deadline {
            if case .failed(let error) = try await engine.eventLoop.submit({ engine.value.phase }).get() { throw error }
            try await Task.sleep(for: min(.milliseconds(100), deadline - ContinuousClock.now))
        }
    }
}
