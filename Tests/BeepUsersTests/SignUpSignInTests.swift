import BeepPlatformCore
import BeepStorage
import BeepUsers
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Sign-up and sign-in over HTTP on SQLite and PostgreSQL (issue 8 item 2).
@Suite struct SignUpSignInTests {
    @Test(arguments: DatabaseDialect.allCases)
    func signUpSignsInAndSignInWorks(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            let auth = try await client.signUp("alice")
            #expect(auth.status == "signed_in")
            #expect(auth.user?.username == "alice")
            #expect(auth.user?.language == .en)
            #expect(auth.tokens?.tokenType == "Bearer")
            #expect(auth.tokens?.expiresIn == 900)

            let me = try await client.send(.get, "/api/v1/users/me", token: auth.accessToken)
            #expect(me.status == .ok)
            #expect(try me.decode(UserProfile.self).email == "alice@example.com")

            // Email is case-insensitive at sign-in.
            let signIn = try await client.signIn("ALICE@example.com", "correct horse alice")
            #expect(signIn.status == .ok)
            let signed = try signIn.decode(AuthResponse.self)
            #expect(signed.status == "signed_in")
            #expect(signed.userID == auth.userID)
            #expect(signed.refreshToken != auth.refreshToken)
        }
    }

    static let invalidSignUps: [(String, String)] = [
        (#"{"lastName":"L","username":"bob","email":"b@x.io","password":"long enough"}"#, "firstName"),
        (#"{"firstName":"  ","lastName":"L","username":"bob","email":"b@x.io","password":"long enough"}"#, "firstName"),
        (#"{"firstName":"F","lastName":"\#(String(repeating: "x", count: 65))","username":"bob","email":"b@x.io","password":"long enough"}"#, "lastName"),
        (#"{"firstName":"F","lastName":"L","username":"b","email":"b@x.io","password":"long enough"}"#, "username"),
        (#"{"firstName":"F","lastName":"L","username":"bob smith","email":"b@x.io","password":"long enough"}"#, "username"),
        (#"{"firstName":"F","lastName":"L","username":".bob","email":"b@x.io","password":"long enough"}"#, "username"),
        (#"{"firstName":"F","lastName":"L","username":"bob","email":"not-an-email","password":"long enough"}"#, "email"),
        (#"{"firstName":"F","lastName":"L","username":"bob","email":"a@b@c.io","password":"long enough"}"#, "email"),
        (#"{"firstName":"F","lastName":"L","username":"bob","email":"b@x.io","password":"short"}"#, "password"),
        (#"{"firstName":"F","lastName":"L","username":"bob","email":"b@x.io","password":"long enough","language":"de"}"#, "language"),
        (#"{"firstName":"F","lastName":"L","username":"bob","email":"b@x.io","password":12345678}"#, "password"),
    ]

    @Test(arguments: DatabaseDialect.allCases)
    func invalidSignUpsNameTheField(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            for (json, field) in Self.invalidSignUps {
                let response = try await client.send(.post, "/api/v1/auth/sign-up", json: json)
                #expect(response.status == .badRequest, "\(json)")
                #expect(response.error?.code == "invalid")
                #expect(response.error?.field == field, "\(json)")
            }
            let notJSON = try await client.send(.post, "/api/v1/auth/sign-up", json: "{")
            #expect(notJSON.status == .badRequest)
            let huge = String(repeating: "a", count: 70_000)
            let tooLarge = try await client.send(.post, "/api/v1/auth/sign-up", json: #"{"firstName":"\#(huge)"}"#)
            #expect(tooLarge.status == .contentTooLarge)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func duplicateUsernameOrEmailIs409(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            _ = try await client.signUp("carol")
            let sameUsername = try await client.send(.post, "/api/v1/auth/sign-up",
                SignUpRequest(firstName: "C", lastName: "L", username: "CAROL", email: "other@example.com", password: "long enough"))
            #expect(sameUsername.status == .conflict)
            #expect(sameUsername.error?.field == "username")
            let sameEmail = try await client.send(.post, "/api/v1/auth/sign-up",
                SignUpRequest(firstName: "C", lastName: "L", username: "carol2", email: "Carol@Example.com", password: "long enough"))
            #expect(sameEmail.status == .conflict)
            #expect(sameEmail.error?.field == "email")
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func signInErrorsDoNotRevealWhetherTheEmailExists(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            _ = try await client.signUp("dave")
            let wrongPassword = try await client.signIn("dave@example.com", "wrong password")
            let unknownEmail = try await client.signIn("nobody@example.com", "wrong password")
            #expect(wrongPassword.status == .unauthorized)
            #expect(unknownEmail.status == .unauthorized)
            #expect(String(buffer: wrongPassword.body) == String(buffer: unknownEmail.body))
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func signInIsRateLimitedPerEmailWithRetryAfter(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            _ = try await client.signUp("erin")
            for email in ["erin@example.com", "ghost@example.com"] {
                for _ in 0..<5 {
                    #expect(try await client.signIn(email, "wrong password").status == .unauthorized)
                }
                let limited = try await client.signIn(email, "wrong password")
                #expect(limited.status == .tooManyRequests)
                #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(limited.error?.code == "rate_limited")
            }
            // Even the right password waits until the bucket refills.
            #expect(try await client.signIn("erin@example.com", "correct horse erin").status == .tooManyRequests)
            harness.clock.advance(181)
            #expect(try await client.signIn("erin@example.com", "correct horse erin").status == .ok)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func signUpIsRateLimitedPerClient(dialect: DatabaseDialect) async throws {
        let configuration = UsersConfiguration(passwordParameters: .testingOnly,
                                               signUpPerClient: RateLimiter(capacity: 2, refillPerSecond: 0.001))
        try await UsersHarness.run(dialect, configuration: configuration) { _, client in
            _ = try await client.signUp("u1")
            _ = try await client.signUp("u2")
            let third = try await client.send(.post, "/api/v1/auth/sign-up",
                SignUpRequest(firstName: "F", lastName: "L", username: "u3", email: "u3@example.com", password: "long enough"))
            #expect(third.status == .tooManyRequests)
            #expect(third.headers[.retryAfter] != nil)
        }
    }

    static let protectedRoutes: [(HTTPRequest.Method, String)] = [
        (.post, "/api/v1/auth/sign-out"), (.post, "/api/v1/auth/sign-out-everywhere"), (.get, "/api/v1/auth/sessions"),
        (.post, "/api/v1/auth/two-factor/setup"), (.post, "/api/v1/auth/two-factor/enable"),
        (.post, "/api/v1/auth/two-factor/disable"), (.post, "/api/v1/auth/two-factor/recovery-codes"),
        (.get, "/api/v1/users/me"), (.patch, "/api/v1/users/me"), (.put, "/api/v1/users/me/password"),
        (.put, "/api/v1/users/me/picture"), (.delete, "/api/v1/users/me/picture"),
        (.get, "/api/v1/users/1"), (.get, "/api/v1/users/1/picture"),
    ]

    @Test(arguments: DatabaseDialect.allCases)
    func everyProtectedRouteIs401WithoutAToken(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            for (method, uri) in Self.protectedRoutes {
                let response = try await client.send(method, uri, json: "{}")
                #expect(response.status == .unauthorized, "\(method) \(uri)")
                #expect(response.error?.code == "unauthorized")
                let garbage = try await client.send(method, uri, json: "{}", token: "garbage")
                #expect(garbage.status == .unauthorized, "\(method) \(uri)")
            }
        }
    }
}
