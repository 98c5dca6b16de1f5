import BeepMessages
import BeepPlatformCore
import Foundation
import Hummingbird

/// The messages HTTP API under `/api/v1` (`docs/api.md`, "Messages"). Every route needs an
/// authenticated user (``AccessTokenMiddleware`` must run before them).
public struct MessageRoutes: Sendable {
    /// The service the routes call.
    public let service: MessageService
    /// Limits reads (history, search) per user.
    public let readLimiter: RateLimiter
    /// Limits sends per user and channel (default 5 per 5 s).
    public let sendLimiter: RateLimiter
    /// Limits edits, deletes and pins per user.
    public let writeLimiter: RateLimiter
    /// Largest accepted JSON body.
    public let maxBodyBytes: Int
    /// Typing indicators (nil: `POST /channels/{id}/typing` answers 404).
    public let typing: TypingService?
    /// Limits typing calls per user (default bursts of 10, 1/s; the service adds its own per-channel window).
    public let typingLimiter: RateLimiter

    /// Routes over `service`. Defaults: 20 reads/s (bursts of 200), sends 5 per 5 s per channel,
    /// 2 other writes/s (bursts of 40), 64 KiB bodies (a 32 KiB content, JSON-escaped, fits).
    public init(service: MessageService,
                readLimiter: RateLimiter = RateLimiter(capacity: 200, refillPerSecond: 20),
                sendLimiter: RateLimiter = RateLimiter(capacity: 5, refillPerSecond: 1),
                writeLimiter: RateLimiter = RateLimiter(capacity: 40, refillPerSecond: 2),
                maxBodyBytes: Int = 64 * 1024, typing: TypingService? = nil,
                typingLimiter: RateLimiter = RateLimiter(capacity: 10, refillPerSecond: 1)) {
        self.service = service
        self.readLimiter = readLimiter
        self.sendLimiter = sendLimiter
        self.writeLimiter = writeLimiter
        self.maxBodyBytes = maxBodyBytes
        self.typing = typing
        self.typingLimiter = typingLimiter
    }

    /// Adds every route to `router` (a group at `/api/v1`).
    public func addRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.get("channels/:channelId/messages") { request, context in
            let user = try limited(readLimiter, "messages.read", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            let (anchor, limit) = try Self.historyQuery(request)
            let messages = try await call { try await service.history(actor: user, channel: channel, anchor: anchor, limit: limit) }
            return MessageListJSON(items: messages.map(MessageJSON.init))
        }
        router.post("channels/:channelId/messages") { request, context in
            let user = try context.requireUser()
            let channel = try Self.id("channelId", context, what: "Channel")
            try sendLimiter.check("messages.send.\(user).\(channel)")
            let input = try await JSONBody.decode(SendMessageRequest.self, from: request, maxBytes: maxBodyBytes)
            let change = try await call {
                try await service.send(actor: user, channel: channel,
                                       MessageDraft(content: input.content, replyToID: input.replyToId, nonce: input.nonce))
            }
            return EditedResponse(status: change.event == nil ? .ok : .created, response: MessageJSON(change.message))
        }
        router.get("channels/:channelId/messages/:messageId") { _, context in
            let user = try limited(readLimiter, "messages.read", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            let id = try Self.id("messageId", context, what: "Message")
            return MessageJSON(try await call { try await service.message(actor: user, channel: channel, id: id) })
        }
        router.patch("channels/:channelId/messages/:messageId") { request, context in
            let user = try limited(writeLimiter, "messages.write", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            let id = try Self.id("messageId", context, what: "Message")
            let input = try await JSONBody.decode(EditMessageRequest.self, from: request, maxBytes: maxBodyBytes)
            return MessageJSON(try await call {
                try await service.edit(actor: user, channel: channel, message: id, content: input.content).message
            })
        }
        router.delete("channels/:channelId/messages/:messageId") { _, context in
            let user = try limited(writeLimiter, "messages.write", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            let id = try Self.id("messageId", context, what: "Message")
            _ = try await call { try await service.delete(actor: user, channel: channel, message: id) }
            return HTTPResponse.Status.noContent
        }
        router.post("channels/:channelId/typing") { _, context in
            let user = try limited(typingLimiter, "messages.typing", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            guard let typing else { throw APIError.notFound("Typing") }
            _ = try await call { try await typing.startTyping(actor: user, channel: channel) }
            return HTTPResponse.Status.noContent
        }
        addPinRoutes(to: router)
        addSearchRoutes(to: router)
    }

    func addPinRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.get("channels/:channelId/pins") { _, context in
            let user = try limited(readLimiter, "messages.read", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            return MessageListJSON(items: try await call { try await service.pins(actor: user, channel: channel) }
                .map(MessageJSON.init))
        }
        router.put("channels/:channelId/pins/:messageId") { _, context in
            let user = try limited(writeLimiter, "messages.write", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            let id = try Self.id("messageId", context, what: "Message")
            return MessageJSON(try await call { try await service.pin(actor: user, channel: channel, message: id).message })
        }
        router.delete("channels/:channelId/pins/:messageId") { _, context in
            let user = try limited(writeLimiter, "messages.write", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            let id = try Self.id("messageId", context, what: "Message")
            _ = try await call { try await service.unpin(actor: user, channel: channel, message: id) }
            return HTTPResponse.Status.noContent
        }
    }

    func addSearchRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.get("channels/:channelId/messages-search") { request, context in
            let user = try limited(readLimiter, "messages.read", context)
            let channel = try Self.id("channelId", context, what: "Channel")
            return try await search(request, user: user, scope: .channel(channel))
        }
        router.get("servers/:serverId/messages-search") { request, context in
            let user = try limited(readLimiter, "messages.read", context)
            let server = try Self.id("serverId", context, what: "Server")
            return try await search(request, user: user, scope: .server(server))
        }
    }

    private func search(_ request: Request, user: UserID, scope: SearchScope) async throws -> MessageSearchJSON {
        let parameters = request.uri.queryParameters
        let text = parameters["q"].map(String.init) ?? ""
        var order = SearchOrder.newest
        if let raw = parameters["order"] {
            guard let value = SearchOrder(rawValue: String(raw)) else {
                throw APIError.invalid(field: "order", message: "order is newest or relevance.")
            }
            order = value
        }
        let limit = try Self.limit(request)
        let cursor = parameters["cursor"].map(String.init)
        let page = try await call {
            try await service.search(actor: user, in: scope, query: text, order: order, limit: limit, cursor: cursor)
        }
        return MessageSearchJSON(items: page.messages.map(MessageJSON.init), nextCursor: page.nextCursor)
    }

    // MARK: - Helpers

    /// The caller after `limiter` (401 without a user, 429 past the limit).
    private func limited(_ limiter: RateLimiter, _ name: String, _ context: APIRequestContext) throws -> UserID {
        let user = try context.requireUser()
        try limiter.check("\(name).\(user)")
        return user
    }

    /// Runs a service call, mapping ``MessageError`` to ``APIError``.
    private func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as MessageError {
            throw error.apiError
        }
    }

    /// A path parameter holding an id; a malformed id is a 404 (such an object cannot exist).
    static func id(_ name: String, _ context: APIRequestContext, what: String) throws -> Snowflake {
        guard let raw = context.parameters.get(name), let id = Snowflake(raw) else { throw APIError.notFound(what) }
        return id
    }

    /// `?limit=` as an integer, when given (the service clamps it).
    static func limit(_ request: Request) throws -> Int? {
        guard let raw = request.uri.queryParameters["limit"] else { return nil }
        guard let value = Int(String(raw)) else { throw APIError.invalid(field: "limit", message: "limit must be an integer.") }
        return value
    }

    /// `?before=` / `?after=` / `?around=` (message ids) or `?afterPosition=` (a position, 0 or
    /// more): at most one; and `?limit=`.
    static func historyQuery(_ request: Request) throws -> (HistoryAnchor, Int?) {
        let parameters = request.uri.queryParameters
        var anchors: [HistoryAnchor] = []
        for (name, make) in [("before", HistoryAnchor.before), ("after", HistoryAnchor.after), ("around", HistoryAnchor.around)] {
            guard let raw = parameters[Substring(name)] else { continue }
            guard let id = Snowflake(raw) else { throw APIError.invalid(field: name, message: "\(name) must be a message id.") }
            anchors.append(make(id))
        }
        if let raw = parameters["afterPosition"] {
            guard let position = Int64(String(raw)), position >= 0 else {
                throw APIError.invalid(field: "afterPosition", message: "afterPosition must be an integer, 0 or more.")
            }
            anchors.append(.afterPosition(position))
        }
        guard anchors.count <= 1 else {
            throw APIError.invalid(field: "before", message: "Use at most one of before, after, around and afterPosition.")
        }
        return (anchors.first ?? .latest, try limit(request))
    }
}
