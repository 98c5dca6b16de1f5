import BeepCalls
import Foundation
import NIOCore
import NIOPosix

/// Runs a bounded load (docs/bot.md, "Load mode"): in every room the publishers join one after
/// the other, then the subscribers; when the ramp is over the runner samples every bot's
/// received packets (and the SFU's CPU time) at the start and the end of a window of
/// `durationSeconds`, then every bot leaves and reports, and the reports are judged together.
///
/// Timeline (spacing s, allowance a, P publishers and S subscribers over all rooms):
/// publishers start at 0, s, 2s, …; subscribers from `P·s + a` on; the window opens `a + 1 s`
/// after the last subscriber started and lasts `durationSeconds`; every bot leaves 1 s after
/// it closes. All bots share `threads` event loops.
public struct LoadRunner: Sendable {
    /// The options.
    public let options: LoadOptions

    /// A runner.
    public init(options: LoadOptions) { self.options = options }

    /// Plays the load and returns the judged report.
    public func run() async -> LoadReport {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
        let engines = EngineRegistry()
        let plan = LoadPlan(options: options)
        let janus: JanusSession?
        if case .janus(let url) = options.target {
            let session = JanusSession(baseURL: url)
            do {
                try await session.open()
                try await createJanusRooms(session)
            } catch {
                try? await group.shutdownGracefully()
                return LoadReport.judge(options: options, reports: [Self.failed(options: options, error: error)],
                                        expectedTracks: plan.expectedTracks, window: LoadWindow.empty)
            }
            janus = session
        } else {
            janus = nil
        }
        let feeds = JanusFeeds()
        let start = ContinuousClock.now
        async let measured = sample(plan: plan, start: start, engines: engines)
        let reports = await withTaskGroup(of: BotReport.self) { tasks -> [BotReport] in
            for bot in plan.bots {
                tasks.addTask {
                    try? await Task.sleep(until: start + bot.startOffset)
                    return await self.runBot(bot, plan: plan, group: group, janus: janus, feeds: feeds, engines: engines,
                                             start: start)
                }
            }
            var reports: [BotReport] = []
            for await report in tasks { reports.append(report) }
            return reports
        }
        let window = await measured
        await janus?.close()
        try? await group.shutdownGracefully()
        return LoadReport.judge(options: options, reports: reports, expectedTracks: plan.expectedTracks, window: window)
    }

    private func runBot(_ bot: PlannedBot, plan: LoadPlan, group: MultiThreadedEventLoopGroup, janus: JanusSession?,
                        feeds: JanusFeeds, engines: EngineRegistry, start: ContinuousClock.Instant) async -> BotReport {
        var botOptions = BotOptions(signallingURL: "", token: "", room: plan.roomName(bot.room),
                                    toneHz: bot.toneHz ?? 440, fps: options.fps, width: options.width,
                                    height: options.height, videoBitrateKbps: options.videoBitrateKbps,
                                    criteria: options.criteria, bindHost: options.bindHost,
                                    stepTimeout: options.joinAllowance + .seconds(5))
        botOptions.publishAudio = bot.publishes
        botOptions.publishVideo = bot.publishes && options.video
        botOptions.iceAddressPolicy = options.iceAddressPolicy
        botOptions.turnUse = options.turnUse
        botOptions.simulcast = options.simulcast
        // Stay until 1 s after the window closes.
        let leaveAt = start + plan.windowEnd + .seconds(1)
        let register: @Sendable (NIOLoopBound<BotEngine>) -> Void = { engine in Task { await engines.add(engine) } }
        switch options.target {
        case .beep(let url, let issuer):
            botOptions.signallingURL = url
            let permissions: Set<CallPermission> = bot.publishes ? [.publishAudio, .publishVideo] : [.subscribe]
            do {
                botOptions.token = try await issuer.issue(room: botOptions.room, identity: bot.name, name: bot.name,
                                                          permissions: permissions, issuedAt: Date(), lifetime: 3_600)
            } catch {
                return Self.failed(options: botOptions, error: BotError(.callFailed, "cannot sign a join token: \(error)"))
            }
            // The script's wait starts once media is up: stay until leaveAt from there.
            botOptions.script = .stay(seconds: max(0, Self.seconds(leaveAt - ContinuousClock.now) - 0.5))
            return await BotRunner(options: botOptions, group: group, onEngine: register).run()
        case .janus:
            guard let janus else { return Self.failed(options: botOptions, error: BotError(.callFailed, "no Janus session")) }
            let room = options.firstJanusRoom + Int64(bot.room)
            let role: JanusRole
            if bot.publishes {
                role = .publisher(display: "tone-\(Int(bot.toneHz ?? 440))hz-\(bot.name)")
            } else {
                role = .subscriber(feeds: await feeds.feeds(room: room))
            }
            let runner = JanusBotRunner(options: botOptions, session: janus, room: room, role: role,
                                        leaveAt: leaveAt, group: group) { engine in
                register(engine)
                if bot.publishes { Task { await feeds.watch(engine, room: room) } }
            }
            return await runner.run()
        }
    }

    /// Samples every registered engine's received packets (and the SFU's CPU) when the window
    /// opens and when it closes.
    private func sample(plan: LoadPlan, start: ContinuousClock.Instant, engines: EngineRegistry) async -> LoadWindow {
        try? await Task.sleep(until: start + plan.windowStart)
        let cpuStart = options.sfuPID.flatMap(ProcessCPU.seconds(pid:))
        let first = await engines.snapshot()
        try? await Task.sleep(until: start + plan.windowEnd)
        let cpuEnd = options.sfuPID.flatMap(ProcessCPU.seconds(pid:))
        let last = await engines.snapshot()
        // Between the snapshots' midpoints (each asks every bot's loop at once).
        let seconds = max(Self.seconds(last.at - first.at), 0.001)
        let received = max(last.received - first.received, 0)
        // Every packet sent goes to every subscriber, except with simulcast: an SFU forwards
        // one of the three layers to each, so what the subscribers received is counted (a
        // lower bound when the bots' loops fall behind: it never flatters the SFU).
        let packets = options.simulcast ? received : max(last.sent - first.sent, 0) * Int64(options.subscribers)
        var window = LoadWindow(seconds: seconds, packetsForwarded: packets, packetsPerSecond: Double(packets) / seconds,
                                packetsReceived: received,
                                botsConnectedAtStart: first.connected)
        if let cpuStart, let cpuEnd {
            let cpu = cpuEnd - cpuStart
            window.sfuCPUSeconds = cpu
            if packets > 0 { window.sfuCPUMicrosPerPacket = cpu * 1e6 / Double(packets) }
            if cpu > 0 { window.packetsPerCPUSecond = Double(packets) / cpu }
        }
        return window
    }

    private func createJanusRooms(_ session: JanusSession) async throws(BotError) {
        let control = try await session.attach()
        for room in 0..<options.rooms {
            let id = options.firstJanusRoom + Int64(room)
            do throws(BotError) {
                _ = try await session.message(handle: control, body: [
                    "request": .string("create"), "room": .int(id), "publishers": .int(Int64(options.publishers + 1)),
                    "audiocodec": .string("opus"), "videocodec": .string("vp8"), "bitrate": .int(2_000_000),
                    "fir_freq": .int(0), "permanent": .bool(false),
                ])
            } catch where error.reason.contains("427") {
                // The room exists already (an earlier run): reuse it.
            }
        }
        await session.detach(handle: control)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func failed(options: BotOptions, error: any Error) -> BotReport {
        BotRunner.failedReport(options: options, error: error)
    }

    static func failed(options: LoadOptions, error: any Error) -> BotReport {
        failed(options: BotOptions(signallingURL: "", token: "", room: options.roomPrefix), error: error)
    }
}

extension LoadWindow {
    /// No window was measured.
    static let empty = LoadWindow(seconds: 0, packetsForwarded: 0, packetsPerSecond: 0, packetsReceived: 0,
                                  botsConnectedAtStart: 0)
}

/// The engines of a load, sampled by the window.
actor EngineRegistry {
    private var engines: [NIOLoopBound<BotEngine>] = []

    func add(_ engine: NIOLoopBound<BotEngine>) { engines.append(engine) }

    /// Packets sent and received over all engines, how many have media connected, and when
    /// (the midpoint of the time the loops took to answer: all are asked at once).
    func snapshot() async -> (sent: Int64, received: Int64, connected: Int, at: ContinuousClock.Instant) {
        let asked = ContinuousClock.now
        let futures = engines.map { engine in
            engine.eventLoop.submit { () -> (Int64, Int64, Bool) in
                (engine.value.packetsSent(), engine.value.packetsReceived(), engine.value.phase == .mediaConnected)
            }
        }
        var sent: Int64 = 0
        var received: Int64 = 0
        var connected = 0
        for future in futures {
            let sample = try? await future.get()
            sent += sample?.0 ?? 0
            received += sample?.1 ?? 0
            if sample?.2 == true { connected += 1 }
        }
        let answered = ContinuousClock.now
        return (sent, received, connected, asked + (answered - asked) / 2)
    }
}

/// Janus publisher feed ids per room, as the publishers' joins learn them.
actor JanusFeeds {
    private var byRoom: [Int64: [Int64]] = [:]

    /// Waits (bounded) until `engine` joined and records its feed id.
    func watch(_ engine: NIOLoopBound<BotEngine>, room: Int64) async {
        for _ in 0..<500 {
            let id = try? await engine.eventLoop.submit { engine.value.participantID }.get()
            if let id = id ?? nil, let feed = Int64(id) {
                byRoom[room, default: []].append(feed)
                return
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The feeds known for `room`.
    func feeds(room: Int64) -> [Int64] { byRoom[room] ?? [] }
}
