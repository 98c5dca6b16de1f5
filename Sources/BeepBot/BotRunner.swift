import BeepCalls
import BeepNIOAddress
import BeepSTUN
import HummingbirdWSClient
import Logging
import NIOCore
import NIOPosix
import NIOWebSocket

/// Runs one bot end to end: binds its loopback media socket, opens the signalling
/// WebSocket, plays the script, and returns the report. Errors end up in the report with
/// their exit code; nothing throws out of ``run()``.
public struct BotRunner: Sendable {
    /// The options.
    public let options: BotOptions
    /// The event loops to run on (load mode shares them between bots); nil: a thread of its own.
    let sharedGroup: (any EventLoopGroup)?

    let onEngine: @Sendable (NIOLoopBound<BotEngine>) -> Void

    /// A runner, on a thread of its own unless `group` is given; `onEngine` receives the
    /// engine once created (load mode samples its counters).
    public init(options: BotOptions, group: (any EventLoopGroup)? = nil,
                onEngine: @escaping @Sendable (NIOLoopBound<BotEngine>) -> Void = { _ in }) {
        self.options = options
        sharedGroup = group
        self.onEngine = onEngine
    }

    /// Plays the whole run.
    public func run() async -> BotReport {
        let group: any EventLoopGroup = sharedGroup ?? MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let owned = sharedGroup == nil
        let loop = group.next()
        let (outgoing, continuation) = AsyncStream<ClientEnvelope>.makeStream()
        let started: (NIOLoopBound<BotEngine>, any Channel)
        do {
            started = try await Self.startEngine(options: options, loop: loop, outgoing: .stream(continuation))
        } catch {
            if owned { try? await group.shutdownGracefully() }
            return Self.failedReport(options: options, error: error)
        }
        let (engine, channel) = started
        onEngine(engine)
        var failure: BotError?
        do {
            try await converse(engine: engine, outgoing: outgoing, group: group)
        } catch let error as BotError {
            failure = error
        } catch {
            failure = BotError(.cannotConnect, "cannot connect to \(options.signallingURL): \(Self.describe(error))")
        }
        let finalError = failure
        let report = try? await loop.submit { () -> BotReport in
            engine.value.shutdown()
            return engine.value.report(error: finalError)
        }.get()
        try? await channel.close()
        if owned { try? await group.shutdownGracefully() }
        return report ?? Self.failedReport(options: options, error: finalError ?? BotError(.callFailed, "event loop gone"))
    }

    /// Binds the media socket and creates the engine on `loop`; its client messages go to `outgoing`.
    static func startEngine(options: BotOptions, loop: any EventLoop, outgoing: SignallingSink) async throws
        -> (NIOLoopBound<BotEngine>, any Channel) {
        let bootstrap = DatagramBootstrap(group: loop).channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
        let channel = try await bootstrap.bind(host: options.bindHost, port: 0).get()
        guard let bound = channel.localAddress, let local = SocketAddressConversion.stunAddress(bound) else {
            throw BotError(.callFailed, "the media socket has no local address")
        }
        let handle = try await loop.submit { () throws -> NIOLoopBound<BotEngine> in
            let engine = try BotEngine(options: options, loop: loop, localAddress: local, outgoing: outgoing)
            let handle = NIOLoopBound(engine, eventLoop: loop)
            engine.attach(channel: channel, handle: handle)
            try channel.pipeline.syncOperations.addHandler(BotDatagramHandler(engine: handle))
            return handle
        }.get()
        return (handle, channel)
    }

    /// Opens the WebSocket and runs the script inside it; the socket closes when it returns.
    private func converse(engine: NIOLoopBound<BotEngine>, outgoing: AsyncStream<ClientEnvelope>,
                          group: any EventLoopGroup) async throws {
        let options = self.options
        var logger = Logger(label: "beep-bot")
        logger.logLevel = .critical
        let configuration = WebSocketClientConfiguration(maxFrameSize: SignallingLimits.maximumFrameBytes,
                                                         closeTimeout: .seconds(2))
        _ = try await WebSocketClient.connect(url: options.signallingURL, configuration: configuration,
                                              eventLoopGroup: group, logger: logger) { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    for await envelope in outgoing {
                        try await outbound.write(.text(String(decoding: envelope.jsonFrame(), as: UTF8.self)))
                    }
                }
                tasks.addTask {
                    for try await message in inbound.messages(maxSize: SignallingLimits.maximumFrameBytes) {
                        guard case .text(let text) = message,
                              let envelope = try? ServerEnvelope.decode(frame: Array(text.utf8)) else { continue }
                        engine.eventLoop.execute { engine.value.handleServer(envelope) }
                    }
                    engine.eventLoop.execute { engine.value.signallingClosed() }
                }
                defer { tasks.cancelAll() }
                try await ScriptPlayer(options: options, engine: engine).play()
                try? await outbound.close(WebSocketErrorCode.normalClosure, reason: "bye")
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? WebSocketClientError {
            return error == .webSocketUpgradeFailed ? "the server refused the WebSocket upgrade" : "\(error)"
        }
        return "\(error)"
    }

    static func failedReport(options: BotOptions, error: any Error) -> BotReport {
        let failure = error as? BotError ?? BotError(.callFailed, "\(error)")
        return BotReport(room: options.room, participantId: nil, name: nil, toneHz: options.toneHz, joinMs: nil,
                         mediaConnectedMs: nil, srtpProfile: nil, rttMs: nil,
                         sent: SentReport(audioPackets: 0, videoFrames: 0, videoPackets: 0, keyFrames: 0, plisReceived: 0,
                                          firsReceived: 0, nackedPackets: 0, retransmissions: 0),
                         remoteTracks: [], participantsSeen: [:], failures: [], ok: false,
                         exitCode: failure.code.exitCode, error: failure.reason)
    }
}
