import BeepCommunities
import BeepPlatformCore
import Foundation
import Hummingbird
import NIOCore

/// The communities HTTP API under `/api/v1` (`docs/api.md`, "Communities"): servers, members,
/// bans, roles, channels, overwrites and invites. Every route needs an authenticated user
/// (``AccessTokenMiddleware`` must run before them) and is rate limited per user.
public struct CommunityRoutes: Sendable {
    /// The service the routes call.
    public let service: CommunityService
    /// Limits reads per user.
    public let readLimiter: RateLimiter
    /// Limits writes per user.
    public let writeLimiter: RateLimiter
    /// Largest accepted JSON body.
    public let maxBodyBytes: Int
    /// Who is online, for the members list (nil: everyone shows offline).
    public let presence: (any PresenceSource)?
    /// Mints call join tokens for voice channels (nil: `POST /channels/{id}/voice-token` answers 404).
    public let voiceTokens: VoiceTokenMinter?
    /// Who is in each voice channel's call (nil: `GET /channels/{id}/voice-participants` lists nobody).
    public let voiceRoster: VoiceRoster?

    /// Routes over `service` (`presence` fills the members list's `online` flags; `voiceTokens`
    /// enables voice join tokens). Defaults: 20 reads/s (bursts of 200), 2 writes/s (bursts of 40),
    /// 16 KiB bodies.
    public init(service: CommunityService,
                readLimiter: RateLimiter = RateLimiter(capacity: 200, refillPerSecond: 20),
                writeLimiter: RateLimiter = RateLimiter(capacity: 40, refillPerSecond: 2),
                maxBodyBytes: Int = 16 * 1024, presence: (any PresenceSource)? = nil,
                voiceTokens: VoiceTokenMinter? = nil, voiceRoster: VoiceRoster? = nil) {
        self.service = service
        self.readLimiter = readLimiter
        self.writeLimiter = writeLimiter
        self.maxBodyBytes = maxBodyBytes
        self.presence = presence
        self.voiceTokens = voiceTokens
        self.voiceRoster = voiceRoster
    }

    /// The members in response form, with their online flag.
    func membersJSON(_ members: [CommunityMember]) async -> [MemberJSON] {
        let online = await presence?.onlineUsers(among: members.map(\.userID)) ?? []
        return members.map { MemberJSON($0, online: online.contains($0.userID)) }
    }

    /// Adds every route to `router` (a group at `/api/v1`).
    public func addRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        addServerRoutes(to: router)
        addMemberRoutes(to: router)
        addRoleRoutes(to: router)
        addChannelRoutes(to: router)
        addInviteRoutes(to: router)
    }

    /// The caller, after the read limit. 401 without a user, 429 past the limit.
    func reader(_ context: APIRequestContext) throws -> UserID {
        let user = try context.requireUser()
        try readLimiter.check("communities.read.\(user)")
        return user
    }

    /// The caller, after the write limit. 401 without a user, 429 past the limit.
    func writer(_ context: APIRequestContext) throws -> UserID {
        let user = try context.requireUser()
        try writeLimiter.check("communities.write.\(user)")
        return user
    }

    /// Runs a service call, mapping ``CommunityError`` to ``APIError``.
    func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CommunityError {
            throw Self.apiError(error)
        }
    }

    /// The JSON body of `request` as `T` (size-limited; 400 naming the field).
    func body<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        try await JSONBody.decode(type, from: request, maxBytes: maxBodyBytes)
    }

    /// The JSON body as `T`, or nil when the request has no body (the body is optional).
    func optionalBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(maxBytes: maxBodyBytes)
        }
        guard buffer.readableBytes > 0 else { return nil }
        return try JSONBody.decode(type, from: Data(buffer.readableBytesView))
    }

    /// A path parameter holding an id; a malformed id is a 404 (such an object cannot exist).
    static func id(_ name: String, _ context: APIRequestContext, what: String) throws -> Snowflake {
        guard let raw = context.parameters.get(name), let id = Snowflake(raw) else { throw APIError.notFound(what) }
        return id
    }

    /// `?cursor=` as the id to continue after (400 when it is not an id).
    static func after(_ page: PageRequest) throws -> Snowflake? {
        guard let cursor = page.cursor else { return nil }
        guard let id = Snowflake(cursor) else { throw APIError.invalid(field: "cursor", message: "cursor is not valid.") }
        return id
    }

    /// How a ``CommunityError`` reaches the client.
    static func apiError(_ error: CommunityError) -> APIError {
        switch error.code {
        case .notFound(let what): APIError.notFound(what)
        case .forbidden: APIError.forbidden(error.message)
        case .invalid(let field): APIError.invalid(field: field, message: error.message)
        case .conflict: APIError(status: .conflict, code: "conflict", message: error.message)
        case .limitReached: APIError(status: .tooManyRequests, code: "limit_reached", message: error.message)
        }
    }
}
