import ArgumentParser
import BeepCommunities
import BeepPlatformCore
import BeepStorage
import BeepUsers
import Foundation
import Logging

/// `beep seed demo [--file seeds/demo.json] [--data-dir data]`: creates the demo community
/// (users, a public and a private server, folders, text and voice channels, roles) in the
/// configured database (`BEEP_DATABASE_URL`, or SQLite under the data directory). Safe to run
/// again: existing users are reused and existing servers skipped. New users get a random
/// password, printed once.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "Load seed data.",
                                                    subcommands: [SeedDemoCommand.self])
}

struct SeedDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Create the demo community.")

    @Option(help: "The seed file.") var file = "seeds/demo.json"
    @Option(name: .customLong("data-dir"), help: "Data directory (SQLite file, keys, files).") var dataDirectory = "data"
    @Flag(help: "Load tests only: cheap password hashes (scrypt N=2^10) and no sign-up limit. Never for real users.")
    var loadTest = false
    @Option(help: "Write the access token of each user created (a JSON object, username → token) to this file.")
    var tokensOut: String?

    func run() async throws {
        let logger = Logger(label: "beep.seed")
        let seed = try CommunitySeed.load(from: URL(fileURLWithPath: file))
        let location = try DatabaseLocation.fromEnvironment(ProcessInfo.processInfo.environment, dataDirectory: dataDirectory)
        let database = try await Database.open(location, logger: logger)
        do {
            var configuration = UsersConfiguration()
            if loadTest {
                configuration.passwordParameters = .testingOnly
                configuration.signUpPerClient = RateLimiter(capacity: 1_000_000, refillPerSecond: 1_000)
            }
            let users = try await UsersModule.make(database: database, dataDirectory: dataDirectory,
                                                   configuration: configuration, logger: logger)
            var tokens: [String: String] = [:]
            let communities = try await CommunitiesModule.make(database: database)
            var ids: [String: UserID] = [:]
            for user in seed.users {
                if let existing = try await users.store.user(emailKey: user.email.lowercased()) {
                    ids[user.username] = existing.id
                    continue
                }
                let password = Self.randomPassword()
                let response = try await users.signUp(
                    SignUpRequest(firstName: user.firstName, lastName: user.lastName, username: user.username,
                                  email: user.email, password: password),
                    client: "seed", userAgent: "beep seed", now: Date())
                guard let profile = response.user else { throw ValidationError("could not create \(user.username)") }
                ids[user.username] = profile.id
                tokens[user.username] = response.tokens?.accessToken
                print("user \(user.username) <\(user.email)> password: \(password)")
            }
            let report = try await CommunitySeeder.apply(seed, service: communities, users: ids)
            for (name, id) in report.servers.sorted(by: { $0.key < $1.key }) { print("server \(name): \(id)") }
            for name in report.skipped { print("server \(name): already there, skipped") }
            if let tokensOut {
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                try encoder.encode(tokens).write(to: URL(fileURLWithPath: tokensOut))
            }
            for (name, codes) in report.invites { for code in codes { print("invite to \(name): \(code)") } }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// 20 characters from a 62-letter alphabet (about 119 bits), from the system's CSPRNG.
    static func randomPassword() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
