import BeepPlatformCore
import BeepStorage
import BeepUsers
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import NIOCore
import Testing

/// Sessions, rotating refresh tokens and JWT negatives over HTTP (issue 8 item 3).
@Suite struct SessionAndTokenTests {
    @Test(arguments: DatabaseDialect.allCases)
    func refreshRotatesAndReuseRevokesTheFamily(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            let auth = try await client.signUp("frank")
            let first = try await client.send(.post, "/api/v1/auth/refresh", RefreshRequest(refreshToken: auth.refreshToken))
            #expect(first.status == .ok)
            let pair = try first.decode(TokenPair.self)
            #expect(pair.refreshToken != auth.refreshToken)
            #expect(try await client.send(.get, "/api/v1/users/me", token: pair.accessToken).status == .ok)

            // The spent token is presented again: refused, and the whole family dies.
            let replay = try await client.send(.post, "/api/v1/auth/refresh", RefreshRequest(refreshToken: auth.refreshToken))
            #expect(replay.status == .unauthorized)
            let afterReuse = try await client.send(.post, "/api/v1/auth/refresh", RefreshRequest(refreshToken: pair.refreshToken))
            #expect(afterReuse.status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/users/me", token: pair.accessToken).status == .unauthorized)

            let unknown = try await client.send(.post, "/api/v1/auth/refresh", RefreshRequest(refreshToken: "nope"))
            #expect(unknown.status == .unauthorized)
            let missing = try await client.send(.post, "/api/v1/auth/refresh", json: "{}")
            #expect(missing.status == .badRequest)
            #expect(missing.error?.field == "refreshToken")
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func signOutHereAndEverywhere(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            let laptop = try await client.signUp("grace")
            let phone = try await client.signIn("grace@example.com", "correct horse grace").decode(AuthResponse.self)
            let tablet = try await client.signIn("grace@example.com", "correct horse grace").decode(AuthResponse.self)

            let sessions = try await client.send(.get, "/api/v1/auth/sessions", token: laptop.accessToken)
                .decode(SessionsResponse.self).sessions
            #expect(sessions.count == 3)
            #expect(sessions.filter(\.current).count == 1)

            #expect(try await client.send(.post, "/api/v1/auth/sign-out", token: phone.accessToken).status == .ok)
            #expect(try await client.send(.get, "/api/v1/users/me", token: phone.accessToken).status == .unauthorized)
            let phoneRefresh = try await client.send(.post, "/api/v1/auth/refresh", RefreshRequest(refreshToken: phone.refreshToken))
            #expect(phoneRefresh.status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/users/me", token: laptop.accessToken).status == .ok)

            #expect(try await client.send(.post, "/api/v1/auth/sign-out-everywhere", token: tablet.accessToken).status == .ok)
            #expect(try await client.send(.get, "/api/v1/users/me", token: laptop.accessToken).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/users/me", token: tablet.accessToken).status == .unauthorized)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func passwordChangeEndsOtherSessions(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            let here = try await client.signUp("heidi")
            let other = try await client.signIn("heidi@example.com", "correct horse heidi").decode(AuthResponse.self)

            let wrong = try await client.send(.put, "/api/v1/users/me/password",
                                              ChangePasswordRequest(currentPassword: "not it at all", newPassword: "brand new secret"),
                                              token: here.accessToken)
            #expect(wrong.status == .forbidden)
            let short = try await client.send(.put, "/api/v1/users/me/password",
                                              ChangePasswordRequest(currentPassword: "correct horse heidi", newPassword: "short"),
                                              token: here.accessToken)
            #expect(short.status == .badRequest)
            #expect(short.error?.field == "newPassword")

            let changed = try await client.send(.put, "/api/v1/users/me/password",
                                                ChangePasswordRequest(currentPassword: "correct horse heidi", newPassword: "brand new secret"),
                                                token: here.accessToken)
            #expect(changed.status == .ok)
            #expect(try await client.send(.get, "/api/v1/users/me", token: here.accessToken).status == .ok)
            #expect(try await client.send(.get, "/api/v1/users/me", token: other.accessToken).status == .unauthorized)
            #expect(try await client.signIn("heidi@example.com", "correct horse heidi").status == .unauthorized)
            #expect(try await client.signIn("heidi@example.com", "brand new secret").status == .ok)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func jwtNegativesAreRefusedByTheAPI(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            let auth = try await client.signUp("ivan")
            let me = "/api/v1/users/me"
            let now = harness.clock.now
            let sid = try harness.service.verifier.verify(auth.accessToken, now: now).sid
            let claims = { (aud: String, typ: String, exp: TimeInterval) in
                AccessTokenClaims(iss: "beep", aud: aud, sub: auth.userID.description, exp: now.addingTimeInterval(exp),
                                  iat: now, typ: typ, sid: sid)
            }
            // The genuine token works.
            #expect(try await client.send(.get, me, token: auth.accessToken).status == .ok)
            // alg: none, with the genuine payload.
            let payload = auth.accessToken.split(separator: ".")[1]
            let none = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + ".\(payload)."
            #expect(try await client.send(.get, me, token: none).status == .unauthorized)
            // Signed by another key.
            let otherKey = try await AccessTokenIssuer.sign(claims("beep-api", "access", 600), with: .generate())
            #expect(try await client.send(.get, me, token: otherKey).status == .unauthorized)
            // Wrong audience, signed with the real key.
            let wrongAudience = try await AccessTokenIssuer.sign(claims("beep-call", "access", 600), with: harness.service.issuer.key)
            #expect(try await client.send(.get, me, token: wrongAudience).status == .unauthorized)
            // Wrong typ (a refresh-typed JWT), and the real refresh token, used as access tokens.
            let refreshTyped = try await AccessTokenIssuer.sign(claims("beep-api", "refresh", 600), with: harness.service.issuer.key)
            #expect(try await client.send(.get, me, token: refreshTyped).status == .unauthorized)
            #expect(try await client.send(.get, me, token: auth.refreshToken).status == .unauthorized)
            // A control: the same forging path with correct claims is accepted, so the refusals above are for their reason.
            let control = try await AccessTokenIssuer.sign(claims("beep-api", "access", 600), with: harness.service.issuer.key)
            #expect(try await client.send(.get, me, token: control).status == .ok)
            // Expired: the genuine token after its 15 minutes.
            harness.clock.advance(901)
            #expect(try await client.send(.get, me, token: auth.accessToken).status == .unauthorized)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func jwksPublishesTheVerificationKey(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            let auth = try await client.signUp("judy")
            let response = try await client.send(.get, "/.well-known/jwks.json")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/jwk-set+json")
            let jwks = try response.decode(PublicJWKSet.self)
            let verifier = AccessTokenVerifier(jwks: jwks)
            let claims = try verifier.verify(auth.accessToken, now: harness.clock.now)
            #expect(claims.sub.value == auth.userID.description)
            #expect(claims.typ == "access")
        }
    }
}
