import BeepPlatformCore
import BeepStorage
import BeepUsers
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// TOTP 2FA over HTTP (issue 8 "Must show": enable, sign in with TOTP, replay refused,
/// recovery code works once).
@Suite struct TwoFactorTests {
    static func code(_ secret: String, at time: Date) -> String {
        TOTP(secret: Base32.decode(secret) ?? []).code(at: time)
    }

    /// Signs up `name` and enables 2FA; returns the auth, the secret and the recovery codes.
    static func enable(_ name: String, _ harness: UsersHarness, _ client: any TestClientProtocol) async throws
        -> (AuthResponse, String, [String]) {
        let auth = try await client.signUp(name)
        let setup = try await client.send(.post, "/api/v1/auth/two-factor/setup", token: auth.accessToken)
        #expect(setup.status == .ok)
        let secret = try setup.decode(TwoFactorSetup.self)
        #expect(secret.otpauthURI.hasPrefix("otpauth://totp/Beep:\(name)%40example.com?secret=\(secret.secret)&issuer=Beep"))
        #expect(Base32.decode(secret.secret)?.count == 20)
        #expect(secret.qrCodeSVG?.hasPrefix("<svg") == true)

        let wrong = try await client.send(.post, "/api/v1/auth/two-factor/enable", TwoFactorCodeRequest(code: "000000"),
                                          token: auth.accessToken)
        #expect(wrong.status == .badRequest)
        #expect(wrong.error?.field == "code")

        let enable = try await client.send(.post, "/api/v1/auth/two-factor/enable",
                                           TwoFactorCodeRequest(code: code(secret.secret, at: harness.clock.now)),
                                           token: auth.accessToken)
        #expect(enable.status == .ok)
        let codes = try enable.decode(RecoveryCodesResponse.self).recoveryCodes
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        return (auth, secret.secret, codes)
    }

    static func challenge(_ client: any TestClientProtocol, _ name: String) async throws -> String {
        let response = try await client.signIn("\(name)@example.com", "correct horse \(name)")
        #expect(response.status == .ok)
        let auth = try response.decode(AuthResponse.self)
        #expect(auth.status == "two_factor_required")
        #expect(auth.tokens == nil)
        return auth.challenge ?? ""
    }

    @Test(arguments: DatabaseDialect.allCases)
    func enableThenSignInWithTOTPAndReplayIsRefused(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            let (auth, secret, _) = try await Self.enable("kim", harness, client)
            let me = try await client.send(.get, "/api/v1/users/me", token: auth.accessToken).decode(UserProfile.self)
            #expect(me.twoFactorEnabled)
            let again = try await client.send(.post, "/api/v1/auth/two-factor/setup", token: auth.accessToken)
            #expect(again.status == .conflict)

            // The code that confirmed 2FA was spent at confirmation: it cannot sign in.
            harness.clock.advance(1)
            let first = try await Self.challenge(client, "kim")
            let spent = Self.code(secret, at: harness.clock.now)
            let replayOfConfirmation = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                                             SecondFactorRequest(challenge: first, code: spent))
            #expect(replayOfConfirmation.status == .unauthorized)

            // Next step: a fresh code signs in.
            harness.clock.advance(30)
            let code = Self.code(secret, at: harness.clock.now)
            let ok = try await client.send(.post, "/api/v1/auth/sign-in/two-factor", SecondFactorRequest(challenge: first, code: code))
            #expect(ok.status == .ok)
            let signed = try ok.decode(AuthResponse.self)
            #expect(signed.status == "signed_in")
            #expect(try await client.send(.get, "/api/v1/users/me", token: signed.accessToken).status == .ok)

            // The challenge is single-use, and the same code is refused on a new challenge (same step).
            let reuseChallenge = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                                       SecondFactorRequest(challenge: first, code: code))
            #expect(reuseChallenge.status == .unauthorized)
            let second = try await Self.challenge(client, "kim")
            let replay = try await client.send(.post, "/api/v1/auth/sign-in/two-factor", SecondFactorRequest(challenge: second, code: code))
            #expect(replay.status == .unauthorized)
            // A code from the previous step (inside the drift window) is also refused: steps only move forward.
            let previous = TOTP(secret: Base32.decode(secret) ?? []).code(at: harness.clock.now.addingTimeInterval(-30))
            let older = try await client.send(.post, "/api/v1/auth/sign-in/two-factor", SecondFactorRequest(challenge: second, code: previous))
            #expect(older.status == .unauthorized)

            // Neither field: 400 naming the field.
            let neither = try await client.send(.post, "/api/v1/auth/sign-in/two-factor", SecondFactorRequest(challenge: second))
            #expect(neither.status == .badRequest)
            #expect(neither.error?.field == "code")
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func recoveryCodeWorksOnce(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            let (_, _, codes) = try await Self.enable("lee", harness, client)
            let first = try await Self.challenge(client, "lee")
            let ok = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                           SecondFactorRequest(challenge: first, recoveryCode: codes[3].uppercased()))
            #expect(ok.status == .ok)
            #expect(try ok.decode(AuthResponse.self).status == "signed_in")

            let second = try await Self.challenge(client, "lee")
            let again = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                              SecondFactorRequest(challenge: second, recoveryCode: codes[3]))
            #expect(again.status == .unauthorized)
            let another = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                                SecondFactorRequest(challenge: second, recoveryCode: codes[4]))
            #expect(another.status == .ok)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func challengeDiesAfterTooManyWrongCodesOrWhenExpired(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            let (_, secret, _) = try await Self.enable("mia", harness, client)
            harness.clock.advance(30)
            let challenge = try await Self.challenge(client, "mia")
            for _ in 0..<5 {
                let wrong = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                                  SecondFactorRequest(challenge: challenge, code: "123456"))
                #expect(wrong.status == .unauthorized)
            }
            let right = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                              SecondFactorRequest(challenge: challenge, code: Self.code(secret, at: harness.clock.now)))
            #expect(right.status == .unauthorized)

            let fresh = try await Self.challenge(client, "mia")
            harness.clock.advance(301)
            let late = try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                             SecondFactorRequest(challenge: fresh, code: Self.code(secret, at: harness.clock.now)))
            #expect(late.status == .unauthorized)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func disableNeedsPasswordAndCode(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            let (auth, secret, codes) = try await Self.enable("ned", harness, client)
            harness.clock.advance(30)
            let wrongPassword = try await client.send(.post, "/api/v1/auth/two-factor/disable",
                DisableTwoFactorRequest(password: "not my password", code: Self.code(secret, at: harness.clock.now)),
                token: auth.accessToken)
            #expect(wrongPassword.status == .forbidden)

            let regenerated = try await client.send(.post, "/api/v1/auth/two-factor/recovery-codes",
                TwoFactorCodeRequest(code: Self.code(secret, at: harness.clock.now)), token: auth.accessToken)
            #expect(regenerated.status == .ok)
            let newCodes = try regenerated.decode(RecoveryCodesResponse.self).recoveryCodes
            // Old codes stop working, new ones work.
            let challenge = try await Self.challenge(client, "ned")
            #expect(try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                          SecondFactorRequest(challenge: challenge, recoveryCode: codes[0])).status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/auth/sign-in/two-factor",
                                          SecondFactorRequest(challenge: challenge, recoveryCode: newCodes[0])).status == .ok)

            harness.clock.advance(30)
            let disabled = try await client.send(.post, "/api/v1/auth/two-factor/disable",
                DisableTwoFactorRequest(password: "correct horse ned", code: Self.code(secret, at: harness.clock.now)),
                token: auth.accessToken)
            #expect(disabled.status == .ok)
            let signIn = try await client.signIn("ned@example.com", "correct horse ned").decode(AuthResponse.self)
            #expect(signIn.status == "signed_in")
        }
    }
}
