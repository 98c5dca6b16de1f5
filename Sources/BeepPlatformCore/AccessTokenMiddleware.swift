import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import Logging

/// Authenticates `Authorization: Bearer <access JWT>` (RFC 6750 §2.1).
///
/// Without the header the request goes on anonymously (routes call
/// ``APIRequestContext/requireUser()``); with an invalid token, or a session that has been
/// signed out, it is refused with a 401 ``APIError`` (RFC 6750 §3.1 `invalid_token`).
public struct AccessTokenMiddleware: RouterMiddleware {
    /// The context this middleware fills.
    public typealias Context = APIRequestContext

    /// Answers whether a session is still active (signed-out sessions are refused at once,
    /// not only when their access token expires).
    public typealias SessionCheck = @Sendable (_ user: UserID, _ session: Snowflake) async throws -> Bool

    private let verifier: AccessTokenVerifier
    private let sessionCheck: SessionCheck?
    private let clock: @Sendable () -> Date

    /// Creates the middleware. `sessionCheck` is optional for services that accept stateless
    /// tokens until they expire; `clock` is injectable for tests.
    public init(verifier: AccessTokenVerifier, sessionCheck: SessionCheck? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.verifier = verifier
        self.sessionCheck = sessionCheck
        self.clock = clock
    }

    /// Verifies the bearer token, if any, and fills `userID`, `sessionID` and `accessClaims`.
    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization] else {
            return try await next(request, context)
        }
        guard let token = Self.bearerToken(authorization) else { throw Self.refusal() }
        let claims: AccessTokenClaims
        do {
            claims = try verifier.verify(token, now: clock())
        } catch {
            context.logger.debug("access token refused", metadata: ["code": "\(error.code.rawValue)"])
            throw Self.refusal()
        }
        guard let user = Snowflake(claims.sub.value), let session = Snowflake(claims.sid) else { throw Self.refusal() }
        if let sessionCheck, try await !sessionCheck(user, session) {
            throw Self.refusal()
        }
        var context = context
        context.userID = user
        context.sessionID = session
        context.accessClaims = claims
        return try await next(request, context)
    }

    /// The token of `Bearer <token>` (scheme case-insensitive), or `nil`.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private static func refusal() -> APIError {
        APIError.unauthorized("Invalid or expired access token.")
    }
}
