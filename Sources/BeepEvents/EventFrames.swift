import Foundation

/// A frame from the client (docs/events.md).
public enum EventClientFrame: Sendable, Hashable {
    /// Start a new session.
    case identify(token: String)
    /// Continue `session` after event `seq`.
    case resume(token: String, session: String, seq: UInt64)
    /// Liveness, with the last event processed.
    case heartbeat(seq: UInt64)
    /// The user set this connection's presence: `.online` or `.idle` (never `.offline`).
    case presence(PresenceStatus)
    /// This connection shows the member list of server `serverID` (nil: of none), so it wants
    /// the presence of that server's members even when the server is large (docs/events.md,
    /// "Presence").
    case watchMembers(serverID: String?)

    private struct Wire: Decodable {
        var op: String?
        var token: String?
        var session: String?
        var seq: UInt64?
        var status: String?
        var serverId: String?
    }

    /// A server id as the API writes it: 1 to 20 decimal digits.
    static func isServerID(_ text: String) -> Bool {
        (1...20).contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Decodes one text frame; throws ``EventProtocolError`` (close 4002) naming the problem.
    public static func decode(_ text: String, limits: EventLimits) throws(EventProtocolError) -> EventClientFrame {
        guard text.utf8.count <= limits.maximumClientFrameBytes else {
            throw EventProtocolError(.badFrame, "frame larger than \(limits.maximumClientFrameBytes) bytes")
        }
        let wire: Wire
        do { wire = try JSONDecoder().decode(Wire.self, from: Data(text.utf8)) } catch {
            throw EventProtocolError(.badFrame, "not a JSON object with the fields of docs/events.md")
        }
        func required<T>(_ value: T?, _ field: String) throws(EventProtocolError) -> T {
            guard let value else { throw EventProtocolError(.badFrame, "missing or invalid field '\(field)'") }
            return value
        }
        switch try required(wire.op, "op") {
        case "identify":
            return .identify(token: try required(wire.token, "token"))
        case "resume":
            return .resume(token: try required(wire.token, "token"), session: try required(wire.session, "session"),
                           seq: try required(wire.seq, "seq"))
        case "heartbeat":
            return .heartbeat(seq: try required(wire.seq, "seq"))
        case "presence":
            switch try required(wire.status, "status") {
            case "online": return .presence(.online)
            case "idle": return .presence(.idle)
            default: throw EventProtocolError(.badFrame, "field 'status' must be \"online\" or \"idle\"")
            }
        case "watchMembers":
            guard let server = wire.serverId else { return .watchMembers(serverID: nil) }
            guard isServerID(server) else { throw EventProtocolError(.badFrame, "field 'serverId' must be a server id or null") }
            return .watchMembers(serverID: server)
        case let other:
            throw EventProtocolError(.badFrame, "unknown op '\(other.prefix(32))'")
        }
    }
}

/// A frame to the client (docs/events.md), rendered as JSON text.
public enum EventServerFrame: Sendable, Hashable {
    /// The answer to `identify`.
    case ready(session: String, heartbeatMilliseconds: Int)
    /// The answer to an honoured `resume`; `replayed` events follow.
    case resumed(session: String, replayed: Int)
    /// The session cannot be resumed: re-sync, then `identify`.
    case invalidSession(reason: String)
    /// The answer to a heartbeat.
    case heartbeatAck
    /// One event.
    case event(seq: UInt64, PublishedEvent)
    /// The answer to an accepted `watchMembers`: the connection now watches `serverID`'s member
    /// list (nil: none).
    case watching(serverID: String?)
    /// The answer to a refused `watchMembers`: the connection watches no member list.
    case watchRefused(serverID: String, reason: String)

    /// The frame's JSON text.
    public var text: String {
        switch self {
        case .ready(let session, let heartbeat):
            "{\"op\":\"ready\",\"session\":\(JSONText.string(session)),\"heartbeatMs\":\(heartbeat)}"
        case .resumed(let session, let replayed):
            "{\"op\":\"resumed\",\"session\":\(JSONText.string(session)),\"replayed\":\(replayed)}"
        case .invalidSession(let reason):
            "{\"op\":\"invalidSession\",\"reason\":\(JSONText.string(reason))}"
        case .heartbeatAck:
            "{\"op\":\"heartbeatAck\"}"
        case .watching(let server):
            "{\"op\":\"watching\",\"serverId\":\(server.map(JSONText.string) ?? "null")}"
        case .watchRefused(let server, let reason):
            "{\"op\":\"watchRefused\",\"serverId\":\(JSONText.string(server)),\"reason\":\(JSONText.string(reason))}"
        case .event(let seq, let event):
            "{\"op\":\"event\",\"seq\":\(seq),\"type\":\(JSONText.string(event.type)),\"data\":\(event.dataJSON)}"
        }
    }
}

/// One event as published by a service: its type and its body, encoded once for every
/// recipient.
public struct PublishedEvent: Sendable, Hashable {
    /// The event type, e.g. `message.created`.
    public let type: String
    /// The body as JSON text.
    public let dataJSON: String

    /// Encodes `data` once.
    public init<Body: Encodable>(type: String, data: Body) throws {
        self.type = type
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.dataJSON = String(decoding: try encoder.encode(data), as: UTF8.self)
    }

    /// An event whose body is already JSON text (e.g. read back from the events outbox, which
    /// stored ``dataJSON`` as this initialiser's caller received it).
    public init(type: String, dataJSON: String) {
        self.type = type
        self.dataJSON = dataJSON
    }

    /// Bytes this event takes in a connection's queue (for the slow-consumer bound).
    var queuedBytes: Int { type.utf8.count + dataJSON.utf8.count + 48 }
}

/// JSON string literals.
enum JSONText {
    static func string(_ value: String) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
