import BeepEvents
import BeepEventsOutbox
import BeepGateway
import BeepWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// The events service's driver (docs/events.md): one task owns the ``EventHub`` and applies
/// WebSocket frames, deliveries, publications and a one-second tick to it in order; the
/// gateway serves it on `GET /api/v1/events` through ``endpoint``.
///
/// With an ``EventOutbox`` (PostgreSQL), every event goes through the outbox and reaches the
/// clients of every `beep` process on the database, this one included, in per-stream commit
/// order (docs/events.md, "Across processes"); without one (SQLite), delivery stays in process.
public final class EventsGateway: Service, Sendable {
    private enum Input: Sendable {
        case opened(UInt64, AsyncStream<String>.Continuation)
        case text(UInt64, String)
        case binary(UInt64)
        case delivered(UInt64)
        case closed(UInt64)
        case publish(PublishedEvent, Set<String>, memberLists: [String: Set<String>])
        case watchDecided(EventConnectionID, serverID: String, refusal: String?)
        case tick
    }

    /// The WebSocket path.
    public static let path = "/api/v1/events"

    private let inputs: AsyncStream<Input>
    private let continuation: AsyncStream<Input>.Continuation
    private let limits: EventLimits
    private let authenticate: @Sendable (String) -> String?
    /// Close codes decided by the hub, read by the socket when its frame stream ends.
    private let closeFrames = NIOLockedValueBox<[UInt64: (code: UInt16, reason: String)]>([:])
    private let nextConnection = NIOLockedValueBox<UInt64>(1)
    /// Who has an open, identified connection, refreshed after every input.
    private let online = NIOLockedValueBox<Set<String>>([])
    /// Told every change of a user's presence (docs/events.md, "Presence").
    private let presenceObserver = NIOLockedValueBox<(@Sendable (String, PresenceStatus) -> Void)?>(nil)
    /// Decides `watchMembers` requests: nil allows, a reason refuses (docs/events.md, "Presence").
    private let watchAuthorizer = NIOLockedValueBox<(@Sendable (String, String) async -> String?)?>(nil)
    private let logger: Logger
    private let relay: OutboxRelay?

    /// A gateway whose clients prove themselves with access tokens `authenticate` maps to user ids.
    /// With `outbox`, events travel through it to every process (see the type's documentation).
    public init(limits: EventLimits = EventLimits(), authenticate: @escaping @Sendable (String) -> String?,
                outbox: EventOutbox? = nil, relayConfiguration: OutboxRelayConfiguration = OutboxRelayConfiguration(),
                logger: Logger) {
        let (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        self.inputs = inputs
        self.continuation = continuation
        self.limits = limits
        self.authenticate = authenticate
        self.logger = logger
        self.relay = outbox.map { outbox in
            OutboxRelay(outbox: outbox, configuration: relayConfiguration, logger: logger) { events in
                for staged in events {
                    continuation.yield(.publish(staged.event, staged.audience, memberLists: staged.memberListAudience))
                }
            }
        }
    }

    /// Whether events travel through the outbox (PostgreSQL) rather than only in process.
    public var crossesProcesses: Bool { relay != nil }

    /// Whether this process is listening for other processes' events (always true in process).
    public var isListening: Bool { relay?.isListening ?? true }

    /// The WebSocket endpoint to give the gateway.
    public var endpoint: WebSocketEndpoint {
        WebSocketEndpoint(
            path: Self.path, maximumMessageBytes: limits.maximumClientFrameBytes + 1,
            open: { [self] in
                let id = nextConnection.withLockedValue { value in
                    defer { value &+= 1 }
                    return value
                }
                // Unbounded here: the hub bounds what a connection may owe (slow-consumer rule).
                let (frames, writer) = AsyncStream.makeStream(of: String.self)
                continuation.yield(.opened(id, writer))
                return (id, frames)
            },
            receivedText: { [continuation] id, text in continuation.yield(.text(id, text)) },
            receivedBinary: { [continuation] id in continuation.yield(.binary(id)) },
            closed: { [continuation] id in continuation.yield(.closed(id)) },
            delivered: { [continuation] id in continuation.yield(.delivered(id)) },
            closeFrame: { [closeFrames] id in closeFrames.withLockedValue { $0.removeValue(forKey: id) } })
    }

    /// Publishes an event that changes no stored row (presence, typing, voice participants) to
    /// every connected or resumable session of a user in `audience` (user ids), and to the
    /// sessions watching the member list of a server of `memberLists` (server id → its members)
    /// whose user is one of its members, on every process. `stream` orders it (default: this
    /// process's events in publishing order).
    public func publish(_ event: PublishedEvent, audience: Set<String>, memberLists: [String: Set<String>] = [:],
                        stream: String? = nil) {
        if let relay {
            relay.enqueue(StagedEvent(event: event, audience: audience, memberListAudience: memberLists,
                                      stream: stream ?? relay.configuration.originStream))
        } else {
            continuation.yield(.publish(event, audience, memberLists: memberLists))
        }
    }

    /// Delivers an event whose change has committed and that the change's transaction already
    /// wrote to the outbox when there is one (then the outbox's `NOTIFY` delivers it and this
    /// does nothing); without an outbox, delivers it in process now.
    public func publishCommitted(_ staged: StagedEvent) {
        guard relay == nil else { return }
        continuation.yield(.publish(staged.event, staged.audience, memberLists: staged.memberListAudience))
    }

    /// The users among `users` with an open, identified events connection (online presence).
    public func onlineUsers(among users: [String]) -> Set<String> {
        let current = online.withLockedValue { $0 }
        return Set(users.filter(current.contains))
    }

    /// Calls `observer` with the user id and new status whenever a user goes online, idle or
    /// offline on this gateway, in order, from the gateway's task (keep it short: hand the change on).
    public func observePresence(_ observer: @escaping @Sendable (String, PresenceStatus) -> Void) {
        presenceObserver.withLockedValue { $0 = observer }
    }

    /// Lets `authorize` decide every `watchMembers` request: called with the user id and the
    /// server id, it answers nil to allow or the reason to refuse (the check the member list's own
    /// endpoint makes). Without one every request is refused.
    public func authorizeMemberListWatches(_ authorize: @escaping @Sendable (_ user: String, _ serverID: String) async -> String?) {
        watchAuthorizer.withLockedValue { $0 = authorize }
    }

    /// Asks the authorizer about a `watchMembers` request, off the gateway's task, and feeds the
    /// answer back in as an input.
    private func authorizeWatch(_ id: EventConnectionID, user: String, serverID: String) {
        let authorize = watchAuthorizer.withLockedValue { $0 }
        Task { [continuation] in
            let refusal: String? = if let authorize { await authorize(user, serverID) } else {
                "member lists cannot be watched on this server"
            }
            continuation.yield(.watchDecided(id, serverID: serverID, refusal: refusal))
        }
    }

    /// Applies inputs until graceful shutdown.
    public func run() async throws {
        let hub = EventHub(limits: limits, authenticate: authenticate)
        var writers: [UInt64: AsyncStream<String>.Continuation] = [:]
        var hubIDs: [UInt64: EventConnectionID] = [:]
        var socketIDs: [EventConnectionID: UInt64] = [:]
        var presenceVersion: UInt64 = 0
        var presence: [String: PresenceStatus] = [:]
        let ticker = Task { [continuation] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                continuation.yield(.tick)
            }
        }
        let relayTask = relay.map { relay in Task { await relay.run() } }
        defer {
            ticker.cancel()
            relayTask?.cancel()
        }
        await withGracefulShutdownHandler {
            for await input in inputs {
                let now = MonotonicTime(nanoseconds: Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds))
                switch input {
                case .opened(let socket, let writer):
                    writers[socket] = writer
                    let id = hub.open(now: now)
                    hubIDs[socket] = id
                    socketIDs[id] = socket
                case .text(let socket, let text):
                    if let id = hubIDs[socket] { hub.receive(text, on: id, now: now) }
                case .binary(let socket):
                    if let id = hubIDs[socket] { hub.receiveBinary(on: id, now: now) }
                case .delivered(let socket):
                    if let id = hubIDs[socket] { hub.delivered(id) }
                case .closed(let socket):
                    writers.removeValue(forKey: socket)?.finish()
                    if let id = hubIDs.removeValue(forKey: socket) {
                        socketIDs[id] = nil
                        hub.disconnected(id, now: now)
                    }
                case .publish(let event, let audience, let memberLists):
                    hub.publish(event, to: { audience.contains($0) }, memberLists: memberLists, now: now)
                case .watchDecided(let id, let serverID, let refusal):
                    hub.watchDecided(on: id, serverID: serverID, refusal: refusal, now: now)
                case .tick:
                    if let deadline = hub.pollTimeout(), deadline <= now { hub.handleTimeout(now: now) }
                }
                if hub.presenceVersion != presenceVersion {
                    presenceVersion = hub.presenceVersion
                    let current = hub.presence
                    online.withLockedValue { $0 = Set(current.keys) }
                    if let observer = presenceObserver.withLockedValue({ $0 }) {
                        for (user, status) in current where presence[user] != status { observer(user, status) }
                        for user in presence.keys where current[user] == nil { observer(user, .offline) }
                    }
                    presence = current
                }
                while let output = hub.pollOutput() {
                    switch output {
                    case .send(let id, let text):
                        if let socket = socketIDs[id] { writers[socket]?.yield(text) }
                    case .close(let id, let error):
                        guard let socket = socketIDs.removeValue(forKey: id) else { continue }
                        hubIDs[socket] = nil
                        closeFrames.withLockedValue { $0[socket] = (error.closeCode, error.reason) }
                        writers.removeValue(forKey: socket)?.finish()
                        logger.debug("events connection closed", metadata: ["code": "\(error.closeCode)", "reason": "\(error.reason)"])
                    case .authorizeWatch(let id, let user, let serverID):
                        authorizeWatch(id, user: user, serverID: serverID)
                    }
                }
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        for writer in writers.values { writer.finish() }
    }
}
