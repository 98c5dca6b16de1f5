import BeepWire

/// One events WebSocket, as the hub knows it.
public struct EventConnectionID: Hashable, Sendable, CustomStringConvertible {
    /// A number unique within the hub.
    public let rawValue: UInt64
    /// `events-connection-N`.
    public var description: String { "events-connection-\(rawValue)" }
}

/// What the driver must do for the hub.
public enum EventOutput: Sendable, Hashable {
    /// Write this text frame on the connection, then report it with ``EventHub/delivered(_:)``.
    case send(EventConnectionID, String)
    /// Close the connection with this code and reason; the hub has forgotten it.
    case close(EventConnectionID, EventProtocolError)
    /// The connection's user asks to watch the member list of server `serverID`: check that
    /// they may list its members, then answer with ``EventHub/watchDecided(on:serverID:refusal:now:)``.
    case authorizeWatch(EventConnectionID, user: String, serverID: String)
}

/// The events service's core (docs/events.md), sans-IO and single-owner: sessions with
/// per-session sequence numbers and a bounded resume buffer, connections with identify,
/// heartbeat and slow-consumer rules. The driver feeds frames, disconnections and time in,
/// and polls ``EventOutput``s.
public final class EventHub {
    /// Maps an access token to its user id, nil when invalid or expired.
    public typealias Authenticate = (String) -> String?

    enum ConnectionState {
        case awaitingIdentify(deadline: MonotonicTime)
        case live(session: String)
    }

    struct Connection {
        var state: ConnectionState
        var lastHeard: MonotonicTime
        var queuedEvents = 0
        var queuedBytes = 0
        var queuedSizes: [Int] = []
        /// The client said `{"op":"presence","status":"idle"}` (and not `online` since).
        var idle = false
        /// The server of the last `watchMembers`, until its authorization is answered.
        var pendingWatch: String?
        /// The server whose authorization the driver is checking (one at a time per connection).
        var authorizingWatch: String?
    }

    private let limits: EventLimits
    private let authenticate: Authenticate
    private let makeSessionID: () -> String
    var connections: [EventConnectionID: Connection] = [:]
    var sessions: [String: EventSession] = [:]
    private var liveConnectionsByUser: [String: Int] = [:]
    private var idleConnectionsByUser: [String: Int] = [:]
    var outputs: [EventOutput] = []
    private var outputIndex = 0
    private var nextConnection: UInt64 = 1

    /// A hub with `limits`; `authenticate` checks tokens; `makeSessionID` makes unguessable ids.
    public init(limits: EventLimits = EventLimits(), authenticate: @escaping Authenticate,
                makeSessionID: @escaping () -> String = EventHub.randomSessionID) {
        self.limits = limits
        self.authenticate = authenticate
        self.makeSessionID = makeSessionID
    }

    /// 128 random bits, hex.
    public static func randomSessionID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Live connections.
    public var connectionCount: Int { connections.count }
    /// Sessions, attached or resumable.
    public var sessionCount: Int { sessions.count }
    /// Users with at least one identified, open connection: who is online.
    public var onlineUsers: Set<String> { Set(liveConnectionsByUser.keys) }
    /// Changes whenever a user's ``presence(of:)`` does (first connection opens, last one ends,
    /// all of them go idle or one comes back).
    public private(set) var presenceVersion: UInt64 = 0

    /// The user's presence: online with an active identified connection, idle when all of them
    /// are idle, offline with none.
    public func presence(of user: String) -> PresenceStatus {
        let live = liveConnectionsByUser[user, default: 0]
        if live == 0 { return .offline }
        return idleConnectionsByUser[user, default: 0] >= live ? .idle : .online
    }

    /// Every user who is online or idle, with that status.
    public var presence: [String: PresenceStatus] {
        Dictionary(uniqueKeysWithValues: liveConnectionsByUser.keys.map { ($0, presence(of: $0)) })
    }

    /// Applies `change` to the counts and bumps ``presenceVersion`` when `user`'s status moved.
    private func updatePresence(of user: String, _ change: () -> Void) {
        let old = presence(of: user)
        change()
        if presence(of: user) != old { presenceVersion &+= 1 }
    }

    private static func adjust(_ counts: inout [String: Int], _ user: String, by delta: Int) {
        let count = counts[user, default: 0] + delta
        counts[user] = count > 0 ? count : nil
    }

    private func wentLive(_ user: String) {
        updatePresence(of: user) { Self.adjust(&liveConnectionsByUser, user, by: 1) }
    }

    private func leftLive(session sessionID: String, wasIdle: Bool) {
        guard let user = sessions[sessionID]?.userID, liveConnectionsByUser[user] != nil else { return }
        updatePresence(of: user) {
            Self.adjust(&liveConnectionsByUser, user, by: -1)
            if wasIdle { Self.adjust(&idleConnectionsByUser, user, by: -1) }
        }
    }

    private func setIdle(_ idle: Bool, on id: EventConnectionID, now: MonotonicTime) {
        guard let connection = connections[id], case .live(let sessionID) = connection.state,
              let user = sessions[sessionID]?.userID else {
            return close(id, EventProtocolError(.badFrame, "presence before identify"), now: now)
        }
        guard connection.idle != idle else { return }
        connections[id]?.idle = idle
        updatePresence(of: user) { Self.adjust(&idleConnectionsByUser, user, by: idle ? 1 : -1) }
    }

    // MARK: - Inputs

    /// A new WebSocket; it must identify or resume within the limit.
    public func open(now: MonotonicTime) -> EventConnectionID {
        let id = EventConnectionID(rawValue: nextConnection)
        nextConnection &+= 1
        connections[id] = Connection(state: .awaitingIdentify(deadline: now + limits.identifyTimeout), lastHeard: now)
        return id
    }

    /// A text frame from the client.
    public func receive(_ text: String, on id: EventConnectionID, now: MonotonicTime) {
        guard connections[id] != nil else { return }
        connections[id]?.lastHeard = now
        let frame: EventClientFrame
        do { frame = try EventClientFrame.decode(text, limits: limits) } catch {
            close(id, error, now: now)
            return
        }
        switch frame {
        case .identify(let token): identify(id, token: token, now: now)
        case .resume(let token, let session, let seq): resume(id, token: token, sessionID: session, after: seq, now: now)
        case .heartbeat:
            guard case .live = connections[id]?.state else {
                return close(id, EventProtocolError(.badFrame, "heartbeat before identify"), now: now)
            }
            send(.heartbeatAck, on: id, now: now)
        case .presence(let status):
            setIdle(status == .idle, on: id, now: now)
        case .watchMembers(let server):
            watchMembers(of: server, on: id, now: now)
        }
    }

    /// A binary frame (never valid).
    public func receiveBinary(on id: EventConnectionID, now: MonotonicTime) {
        close(id, EventProtocolError(.badFrame, "binary frames are not part of the protocol"), now: now)
    }

    /// The driver wrote `frames` more frames of this connection's queue.
    public func delivered(_ id: EventConnectionID, frames: Int = 1) {
        guard var connection = connections[id] else { return }
        for _ in 0..<min(frames, connection.queuedSizes.count) {
            connection.queuedBytes -= connection.queuedSizes.removeFirst()
            connection.queuedEvents -= 1
        }
        connections[id] = connection
    }

    /// The socket ended; its session stays resumable for the resume window.
    public func disconnected(_ id: EventConnectionID, now: MonotonicTime) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        if case .live(let sessionID) = connection.state {
            leftLive(session: sessionID, wasIdle: connection.idle)
            sessions[sessionID]?.detach(now: now)
        }
    }

    /// Publishes `event` to every session whose user `audience` accepts at this moment, and to
    /// every session watching the member list of a server of `memberLists` (server id → its
    /// members) whose user is one of that server's members.
    public func publish(_ event: PublishedEvent, to audience: (String) -> Bool,
                        memberLists: [String: Set<String>] = [:], now: MonotonicTime) {
        for sessionID in Array(sessions.keys) {
            guard var session = sessions[sessionID],
                  audience(session.userID) || session.watches(memberLists) else { continue }
            let seq = session.append(event, now: now, limits: limits)
            sessions[sessionID] = session
            if let connection = session.connection { send(.event(seq: seq, event), on: connection, now: now) }
        }
    }

    // MARK: - Time

    /// The earliest deadline: identify, heartbeat or session expiry.
    public func pollTimeout() -> MonotonicTime? {
        var earliest: MonotonicTime?
        func consider(_ time: MonotonicTime) { if earliest.map({ time < $0 }) ?? true { earliest = time } }
        for connection in connections.values {
            switch connection.state {
            case .awaitingIdentify(let deadline): consider(deadline)
            case .live: consider(connection.lastHeard + limits.heartbeatInterval * 2)
            }
        }
        for session in sessions.values { if let detached = session.detachedAt { consider(detached + limits.resumeWindow) } }
        return earliest
    }

    /// Applies every deadline that has passed.
    public func handleTimeout(now: MonotonicTime) {
        for (id, connection) in connections {
            switch connection.state {
            case .awaitingIdentify(let deadline) where deadline <= now:
                close(id, EventProtocolError(.identifyTimeout, "no identify or resume within the time limit"), now: now)
            case .live where connection.lastHeard + limits.heartbeatInterval * 2 <= now:
                close(id, EventProtocolError(.heartbeatTimeout, "no heartbeat for two intervals"), now: now)
            default: break
            }
        }
        sessions = sessions.filter { _, session in
            session.detachedAt.map { $0 + limits.resumeWindow > now } ?? true
        }
    }

    /// The next thing to do, in order.
    public func pollOutput() -> EventOutput? {
        guard outputIndex < outputs.count else {
            outputs.removeAll(keepingCapacity: true)
            outputIndex = 0
            return nil
        }
        defer { outputIndex += 1 }
        return outputs[outputIndex]
    }

    // MARK: - Protocol

    private func identify(_ id: EventConnectionID, token: String, now: MonotonicTime) {
        guard case .awaitingIdentify = connections[id]?.state else {
            return close(id, EventProtocolError(.badFrame, "already identified"), now: now)
        }
        guard let user = authenticate(token) else {
            return close(id, EventProtocolError(.unauthenticated, "invalid or expired token"), now: now)
        }
        let sessionID = makeSessionID()
        sessions[sessionID] = EventSession(id: sessionID, userID: user, connection: id)
        connections[id]?.state = .live(session: sessionID)
        wentLive(user)
        let interval = limits.heartbeatInterval.components
        let milliseconds = Int(interval.seconds) * 1000 + Int(interval.attoseconds / 1_000_000_000_000_000)
        send(.ready(session: sessionID, heartbeatMilliseconds: milliseconds), on: id, now: now)
    }

    private func resume(_ id: EventConnectionID, token: String, sessionID: String, after seq: UInt64, now: MonotonicTime) {
        guard case .awaitingIdentify = connections[id]?.state else {
            return close(id, EventProtocolError(.badFrame, "already identified"), now: now)
        }
        guard let user = authenticate(token) else {
            return close(id, EventProtocolError(.unauthenticated, "invalid or expired token"), now: now)
        }
        guard var session = sessions[sessionID], session.userID == user else {
            return send(.invalidSession(reason: "unknown or expired session"), on: id, now: now)
        }
        guard let missed = session.events(after: seq) else {
            return send(.invalidSession(reason: "events after \(seq) are no longer kept"), on: id, now: now)
        }
        if let previous = session.connection, previous != id {
            close(previous, EventProtocolError(.sessionTakenOver, "session resumed by another connection"), now: now)
        }
        session.attach(id)
        sessions[sessionID] = session
        connections[id]?.state = .live(session: sessionID)
        wentLive(user)
        send(.resumed(session: sessionID, replayed: missed.count), on: id, now: now)
        for entry in missed { send(.event(seq: entry.seq, entry.event), on: id, now: now) }
    }

    func send(_ frame: EventServerFrame, on id: EventConnectionID, now: MonotonicTime) {
        guard var connection = connections[id] else { return }
        let size: Int = if case .event(_, let event) = frame { event.queuedBytes } else { 64 }
        if connection.queuedEvents + 1 > limits.maximumQueuedEvents || connection.queuedBytes + size > limits.maximumQueuedBytes {
            return close(id, EventProtocolError(.slowConsumer, "too many events not yet written"), now: now)
        }
        connection.queuedEvents += 1
        connection.queuedBytes += size
        connection.queuedSizes.append(size)
        connections[id] = connection
        outputs.append(.send(id, frame.text))
    }

    func close(_ id: EventConnectionID, _ error: EventProtocolError, now: MonotonicTime) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        if case .live(let sessionID) = connection.state {
            leftLive(session: sessionID, wasIdle: connection.idle)
            if sessions[sessionID]?.connection == id { sessions[sessionID]?.detach(now: now) }
        }
        outputs.append(.close(id, error))
    }
}
