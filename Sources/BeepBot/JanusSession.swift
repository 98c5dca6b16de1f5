import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One session on Janus's HTTP API (janus.transport.http, the "Janus API": `create`,
/// `attach`, `message`, `keepalive`, `detach`, `destroy`; asynchronous plugin replies come
/// through a long poll on the session). Several bots share a session, each on its own
/// plugin handle; the long poll hands every event to the request whose transaction it names.
/// Used by the Janus adapter of load mode (docs/bot.md, "Against Janus").
public actor JanusSession {
    /// The API root, e.g. `http://127.0.0.1:8088/janus`.
    public let baseURL: String
    /// The session id.
    public private(set) var id: Int64 = 0
    private let http: URLSession
    private var nextTransaction = 1
    private var waiting: [String: CheckedContinuation<JanusJSON, any Error>] = [:]
    private var arrived: [String: JanusJSON] = [:]
    private var pollTask: Task<Void, Never>?
    private var keepaliveTask: Task<Void, Never>?
    private var closed = false
    /// Events for no pending transaction (hangups, `webrtcup`, `media`, publisher lists), counted by kind.
    public private(set) var unsolicited: [String: Int] = [:]
    /// Hangup reasons Janus reported, newest last (at most 100).
    public private(set) var hangups: [String] = []

    /// Janus ends a session after 60 s without activity by default; keepalives come this often.
    static let keepaliveInterval: Duration = .seconds(20)

    /// A session client for `baseURL` (not yet created on the server: call ``open()``).
    public init(baseURL: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 70
        http = URLSession(configuration: configuration)
    }

    /// Creates the session on the server and starts the long poll and the keepalives.
    public func open() async throws(BotError) {
        let reply = try await post(path: "", ["janus": .string("create")])
        guard let id = reply["data"]?["id"]?.int else {
            throw BotError(.callFailed, "Janus create: no session id in \(Self.brief(reply))")
        }
        self.id = id
        pollTask = Task { await self.pollLoop() }
        keepaliveTask = Task { await self.keepaliveLoop() }
    }

    /// Attaches a handle of `plugin` and returns its id.
    public func attach(plugin: String = "janus.plugin.videoroom") async throws(BotError) -> Int64 {
        let reply = try await post(path: "/\(id)", ["janus": .string("attach"), "plugin": .string(plugin)])
        guard let handle = reply["data"]?["id"]?.int else {
            throw BotError(.callFailed, "Janus attach: no handle id in \(Self.brief(reply))")
        }
        return handle
    }

    /// Sends a plugin message on `handle`; returns the plugin's reply: the synchronous
    /// `success` itself, or the asynchronous `event` the long poll delivers for the same
    /// transaction (within `timeout`). A plugin error (`error_code`) throws.
    public func message(handle: Int64, body: [String: JanusJSON], jsep: JanusJSON? = nil,
                        timeout: Duration = .seconds(15)) async throws(BotError) -> JanusJSON {
        var request: [String: JanusJSON] = ["janus": .string("message"), "body": .object(body)]
        if let jsep { request["jsep"] = jsep }
        let transaction = takeTransaction()
        let reply = try await post(path: "/\(id)/\(handle)", request, transaction: transaction)
        let answer: JanusJSON
        if reply["janus"]?.string == "ack" {
            answer = try await event(for: transaction, timeout: timeout)
        } else {
            answer = reply
        }
        if let code = answer["plugindata"]?["data"]?["error_code"]?.int {
            let reason = answer["plugindata"]?["data"]?["error"]?.string ?? "?"
            throw BotError(.callFailed, "Janus \(body["request"]?.string ?? "request") refused: \(code) \(reason)")
        }
        return answer
    }

    /// Detaches `handle` (its PeerConnection is hung up).
    public func detach(handle: Int64) async {
        _ = try? await post(path: "/\(id)/\(handle)", ["janus": .string("detach")])
    }

    /// Destroys the session and stops polling.
    public func close() async {
        guard !closed else { return }
        closed = true
        keepaliveTask?.cancel()
        _ = try? await post(path: "/\(id)", ["janus": .string("destroy")])
        pollTask?.cancel()
        for (_, continuation) in waiting {
            continuation.resume(throwing: BotError(.callFailed, "Janus session closed"))
        }
        waiting = [:]
    }

    // MARK: - Transport

    private func takeTransaction() -> String {
        defer { nextTransaction += 1 }
        return "t\(nextTransaction)"
    }

    private func post(path: String, _ fields: [String: JanusJSON], transaction: String? = nil) async throws(BotError)
        -> JanusJSON {
        var body = fields
        body["transaction"] = .string(transaction ?? takeTransaction())
        let reply = try await exchange(method: "POST", path: path, body: .object(body), timeout: 15)
        if reply["janus"]?.string == "error" {
            let code = reply["error"]?["code"]?.int ?? 0
            let reason = reply["error"]?["reason"]?.string ?? "?"
            throw BotError(.callFailed, "Janus \(fields["janus"]?.string ?? "request") failed: \(code) \(reason)")
        }
        return reply
    }

    private func exchange(method: String, path: String, body: JanusJSON?, timeout: TimeInterval) async throws(BotError)
        -> JanusJSON {
        guard let url = URL(string: baseURL + path) else {
            throw BotError(.badArguments, "not a URL: \(baseURL + path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONEncoder().encode(body)
        }
        let data: Data
        do {
            (data, _) = try await http.data(for: request)
        } catch {
            throw BotError(.cannotConnect, "cannot reach Janus at \(baseURL): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(JanusJSON.self, from: data)
        } catch {
            throw BotError(.callFailed, "Janus sent no JSON (\(data.count) bytes) for \(method) \(path)")
        }
    }

    // MARK: - Events

    private func event(for transaction: String, timeout: Duration) async throws(BotError) -> JanusJSON {
        if let early = arrived.removeValue(forKey: transaction) { return early }
        let expiry = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(transaction, after: timeout)
        }
        defer { expiry.cancel() }
        do {
            return try await withCheckedThrowingContinuation { continuation in
                waiting[transaction] = continuation
            }
        } catch let error as BotError {
            throw error
        } catch {
            throw BotError(.callFailed, "Janus: \(error)")
        }
    }

    private func expire(_ transaction: String, after timeout: Duration) {
        waiting.removeValue(forKey: transaction)?
            .resume(throwing: BotError(.callFailed, "Janus sent no reply within \(timeout) (transaction \(transaction))"))
    }

    private func deliver(_ event: JanusJSON) {
        let kind = event["janus"]?.string ?? "?"
        if kind == "hangup", hangups.count < 100 { hangups.append(event["reason"]?.string ?? "?") }
        guard kind == "event", let transaction = event["transaction"]?.string else {
            unsolicited[kind, default: 0] += 1
            return
        }
        if let continuation = waiting.removeValue(forKey: transaction) {
            continuation.resume(returning: event)
        } else if arrived.count < 1000 {
            arrived[transaction] = event
        }
    }

    /// The long poll (`GET /janus/<session>?maxev=N`): Janus answers with the queued events
    /// (an array) or, after 30 s without any, a keepalive.
    private func pollLoop() async {
        var failures = 0
        while !closed && !Task.isCancelled && failures < 5 {
            do {
                let reply = try await exchange(method: "GET", path: "/\(id)?maxev=50", body: nil, timeout: 60)
                failures = 0
                for event in reply.array ?? [reply] { deliver(event) }
            } catch {
                failures += 1
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func keepaliveLoop() async {
        while !closed && !Task.isCancelled {
            try? await Task.sleep(for: Self.keepaliveInterval)
            if closed || Task.isCancelled { return }
            _ = try? await post(path: "/\(id)", ["janus": .string("keepalive")])
        }
    }

    static func brief(_ value: JanusJSON) -> String {
        guard let data = try? JSONEncoder().encode(value) else { return "?" }
        return String(decoding: data.prefix(200), as: UTF8.self)
    }
}
