import BeepPlatformCore
import BeepStorage
import BeepUsers
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Profile changes, language and pictures (issue 8 item 2; seed "User").
@Suite struct ProfileTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    @Test(arguments: DatabaseDialect.allCases)
    func changeNamesUsernameLanguageAndEmail(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            let olga = try await client.signUp("olga")
            _ = try await client.signUp("pete")
            let token = olga.accessToken

            let updated = try await client.send(.patch, "/api/v1/users/me",
                UpdateProfileRequest(firstName: "Olga", lastName: "Petrova", username: "Olga_P", language: "fr"), token: token)
            #expect(updated.status == .ok)
            let profile = try updated.decode(UserProfile.self)
            #expect(profile.firstName == "Olga" && profile.lastName == "Petrova" && profile.username == "Olga_P")
            #expect(profile.language == .fr)
            let reread = try await client.send(.get, "/api/v1/users/me", token: token).decode(UserProfile.self)
            #expect(reread == profile)

            let taken = try await client.send(.patch, "/api/v1/users/me", UpdateProfileRequest(username: "PETE"), token: token)
            #expect(taken.status == .conflict)
            #expect(taken.error?.field == "username")
            let badLanguage = try await client.send(.patch, "/api/v1/users/me", UpdateProfileRequest(language: "es"), token: token)
            #expect(badLanguage.status == .badRequest)
            #expect(badLanguage.error?.field == "language")
            let badName = try await client.send(.patch, "/api/v1/users/me", UpdateProfileRequest(firstName: ""), token: token)
            #expect(badName.status == .badRequest)
            #expect(badName.error?.field == "firstName")

            let noPassword = try await client.send(.patch, "/api/v1/users/me", UpdateProfileRequest(email: "olga@new.example"), token: token)
            #expect(noPassword.status == .badRequest)
            #expect(noPassword.error?.field == "currentPassword")
            let wrongPassword = try await client.send(.patch, "/api/v1/users/me",
                UpdateProfileRequest(email: "olga@new.example", currentPassword: "wrong wrong"), token: token)
            #expect(wrongPassword.status == .forbidden)
            let emailTaken = try await client.send(.patch, "/api/v1/users/me",
                UpdateProfileRequest(email: "PETE@example.com", currentPassword: "correct horse olga"), token: token)
            #expect(emailTaken.status == .conflict)
            #expect(emailTaken.error?.field == "email")
            let moved = try await client.send(.patch, "/api/v1/users/me",
                UpdateProfileRequest(email: "olga@new.example", currentPassword: "correct horse olga"), token: token)
            #expect(moved.status == .ok)
            #expect(try await client.signIn("olga@new.example", "correct horse olga").status == .ok)
            #expect(try await client.signIn("olga@example.com", "correct horse olga").status == .unauthorized)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func publicProfilesHideEmailAndUnknownIs404(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { harness, client in
            let quinn = try await client.signUp("quinn")
            let rita = try await client.signUp("rita")
            let response = try await client.send(.get, "/api/v1/users/\(rita.userID)", token: quinn.accessToken)
            #expect(response.status == .ok)
            #expect(try response.decode(PublicUser.self).username == "rita")
            #expect(!String(buffer: response.body).contains("@"))
            #expect(try await client.send(.get, "/api/v1/users/12345", token: quinn.accessToken).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/users/not-a-number", token: quinn.accessToken).status == .notFound)
            let batch = try await harness.service.publicProfiles([rita.userID, Snowflake(rawValue: 1), quinn.userID, rita.userID])
            #expect(batch.map(\.username) == ["rita", "quinn"])
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func pictureUploadReadReplaceDelete(dialect: DatabaseDialect) async throws {
        try await UsersHarness.run(dialect) { _, client in
            let sam = try await client.signUp("sam")
            let tess = try await client.signUp("tess")
            #expect(try await client.send(.get, "/api/v1/users/\(sam.userID)/picture", token: tess.accessToken).status == .notFound)

            let upload = try await client.send(.put, "/api/v1/users/me/picture", token: sam.accessToken, body: ByteBuffer(bytes: Self.png))
            #expect(upload.status == .ok)
            let url = try upload.decode(UserProfile.self).pictureURL
            #expect(url?.hasPrefix("/api/v1/users/\(sam.userID)/picture?v=") == true)

            let read = try await client.send(.get, "/api/v1/users/\(sam.userID)/picture", token: tess.accessToken)
            #expect(read.status == .ok)
            #expect(read.headers[.contentType] == "image/png")
            #expect(Array(read.body.readableBytesView) == Self.png)

            let gif = Array("GIF89a".utf8) + [1, 2, 3]
            let replaced = try await client.send(.put, "/api/v1/users/me/picture", token: sam.accessToken, body: ByteBuffer(bytes: gif))
            #expect(try replaced.decode(UserProfile.self).pictureURL != url)
            let reread = try await client.send(.get, "/api/v1/users/\(sam.userID)/picture", token: tess.accessToken)
            #expect(reread.headers[.contentType] == "image/gif")
            #expect(Array(reread.body.readableBytesView) == gif)

            let notImage = try await client.send(.put, "/api/v1/users/me/picture", token: sam.accessToken,
                                                 body: ByteBuffer(string: "<svg onload=alert(1)>"))
            #expect(notImage.status == .badRequest)
            #expect(notImage.error?.field == "picture")
            let tooLarge = try await client.send(.put, "/api/v1/users/me/picture", token: sam.accessToken,
                                                 body: ByteBuffer(bytes: Self.png + Array(repeating: 0, count: 2 * 1024 * 1024)))
            #expect(tooLarge.status == .contentTooLarge)

            #expect(try await client.send(.delete, "/api/v1/users/me/picture", token: sam.accessToken).status == .ok)
            #expect(try await client.send(.get, "/api/v1/users/\(sam.userID)/picture", token: tess.accessToken).status == .notFound)
        }
    }
}
