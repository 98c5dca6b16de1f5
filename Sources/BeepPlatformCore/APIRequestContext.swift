import Hummingbird
import NIOCore

/// The request context of every `/api/v1` route: Hummingbird's core storage plus the
/// authenticated user and session that ``AccessTokenMiddleware`` fills in.
public struct APIRequestContext: RequestContext, Sendable {
    /// Hummingbird's per-request storage (logger, parameters, ...).
    public var coreContext: CoreRequestContextStorage
    /// The authenticated user, `nil` on public routes or without a token.
    public var userID: UserID?
    /// The session the access token belongs to (for "sign out here").
    public var sessionID: Snowflake?
    /// The verified access token claims.
    public var accessClaims: AccessTokenClaims?

    /// The peer's IP address (for per-client rate limits), when the transport knows it.
    public var clientAddress: String?

    /// Largest body any route accepts (routes pass smaller limits to ``JSONBody``).
    public var maxUploadSize: Int { 8 * 1024 * 1024 }

    /// Creates a context for one request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The authenticated user, or a 401 ``APIError``.
    public func requireUser() throws -> UserID {
        guard let userID else { throw APIError.unauthorized() }
        return userID
    }

    /// The current session id, or a 401 ``APIError``.
    public func requireSession() throws -> Snowflake {
        guard let sessionID else { throw APIError.unauthorized() }
        return sessionID
    }
}
