import BeepPlatformCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The users service over HTTP (`docs/api.md`, "Users and authentication"):
/// `/.well-known/jwks.json`, `/api/v1/auth/...` and `/api/v1/users/...`.
public struct UsersRoutes: Sendable {
    /// The service.
    public let service: UsersService
    /// The clock (injectable for tests).
    public let clock: @Sendable () -> Date

    /// Creates the routes.
    public init(service: UsersService, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.service = service
        self.clock = clock
    }

    /// Adds every route to `router`. `/api/v1` routes go through the service's
    /// ``AccessTokenMiddleware`` (anonymous requests pass; protected routes require a user).
    public func register(on router: Router<APIRequestContext>) {
        let jwks = service.issuer.jwks
        router.get("/.well-known/jwks.json") { _, _ -> Response in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(jwks)
            return Response(status: .ok,
                            headers: [.contentType: "application/jwk-set+json", .cacheControl: "public, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        let api = router.group("/api/v1").add(middleware: service.middleware(clock: clock))
        registerAuth(api.group("auth"))
        registerUsers(api.group("users"))
    }

    private func userAgent(_ request: Request) -> String {
        request.headers[.userAgent] ?? ""
    }

    private func client(_ context: APIRequestContext) -> String {
        context.clientAddress ?? "unknown"
    }

    private func registerAuth(_ auth: RouterGroup<APIRequestContext>) {
        let service = self.service, clock = self.clock
        auth.post("sign-up") { request, context -> EditedResponse<AuthResponse> in
            let body = try await JSONBody.decode(SignUpRequest.self, from: request)
            let result = try await service.signUp(body, client: self.client(context), userAgent: self.userAgent(request), now: clock())
            return EditedResponse(status: .created, response: result)
        }
        auth.post("sign-in") { request, context -> AuthResponse in
            let body = try await JSONBody.decode(SignInRequest.self, from: request)
            return try await service.signIn(body, client: self.client(context), userAgent: self.userAgent(request), now: clock())
        }
        auth.post("sign-in/two-factor") { request, _ -> AuthResponse in
            let body = try await JSONBody.decode(SecondFactorRequest.self, from: request)
            return try await service.signInSecondFactor(body, userAgent: self.userAgent(request), now: clock())
        }
        auth.post("refresh") { request, _ -> TokenPair in
            let body = try await JSONBody.decode(RefreshRequest.self, from: request)
            return try await service.refresh(body, now: clock())
        }
        auth.post("sign-out") { _, context -> OKResponse in
            try await service.signOut(user: try context.requireUser(), session: try context.requireSession(), now: clock())
            return OKResponse()
        }
        auth.post("sign-out-everywhere") { _, context -> OKResponse in
            try await service.signOutEverywhere(user: try context.requireUser(), now: clock())
            return OKResponse()
        }
        auth.get("sessions") { _, context -> SessionsResponse in
            try await service.sessions(user: try context.requireUser(), current: context.sessionID, now: clock())
        }
        auth.post("two-factor/setup") { _, context -> TwoFactorSetup in
            try await service.setUpTwoFactor(user: try context.requireUser())
        }
        auth.post("two-factor/enable") { request, context -> RecoveryCodesResponse in
            let user = try context.requireUser()
            let body = try await JSONBody.decode(TwoFactorCodeRequest.self, from: request)
            return try await service.enableTwoFactor(user: user, code: body.code, now: clock())
        }
        auth.post("two-factor/disable") { request, context -> OKResponse in
            let user = try context.requireUser()
            let body = try await JSONBody.decode(DisableTwoFactorRequest.self, from: request)
            try await service.disableTwoFactor(user: user, password: body.password, code: body.code, now: clock())
            return OKResponse()
        }
        auth.post("two-factor/recovery-codes") { request, context -> RecoveryCodesResponse in
            let user = try context.requireUser()
            let body = try await JSONBody.decode(TwoFactorCodeRequest.self, from: request)
            return try await service.regenerateRecoveryCodes(user: user, code: body.code, now: clock())
        }
    }

    private func registerUsers(_ users: RouterGroup<APIRequestContext>) {
        let service = self.service, clock = self.clock
        users.get("me") { _, context -> UserProfile in
            try await service.profile(user: try context.requireUser())
        }
        users.patch("me") { request, context -> UserProfile in
            let user = try context.requireUser()
            let body = try await JSONBody.decode(UpdateProfileRequest.self, from: request)
            return try await service.updateProfile(user: user, body, now: clock())
        }
        users.put("me/password") { request, context -> OKResponse in
            let user = try context.requireUser()
            let session = try context.requireSession()
            let body = try await JSONBody.decode(ChangePasswordRequest.self, from: request)
            try await service.changePassword(user: user, session: session, body, now: clock())
            return OKResponse()
        }
        users.put("me/picture") { request, context -> UserProfile in
            let user = try context.requireUser()
            var request = request
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: PictureFormat.maxBytes)
            } catch is NIOTooManyBytesError {
                throw APIError.payloadTooLarge(maxBytes: PictureFormat.maxBytes)
            }
            return try await service.setPicture(user: user, data: Data(buffer.readableBytesView), now: clock())
        }
        users.delete("me/picture") { _, context -> OKResponse in
            try await service.deletePicture(user: try context.requireUser(), now: clock())
            return OKResponse()
        }
        users.get(":id") { _, context -> PublicUser in
            _ = try context.requireUser()
            return try await service.publicProfile(try Self.userID(context))
        }
        users.get(":id/picture") { _, context -> Response in
            _ = try context.requireUser()
            let picture = try await service.picture(of: try Self.userID(context))
            var headers: HTTPFields = [.contentType: picture.contentType, .cacheControl: "private, max-age=86400"]
            if let nosniff = HTTPField.Name("X-Content-Type-Options") { headers[nosniff] = "nosniff" }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: picture.data)))
        }
    }

    static func userID(_ context: APIRequestContext) throws -> UserID {
        guard let raw = context.parameters.get("id"), let id = Snowflake(raw) else { throw APIError.notFound("User") }
        return id
    }
}
