import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

/// `seeds/demo.json` loads through the service, and loading it twice changes nothing.
struct DemoSeedTests {
    static var seedURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/demo.json")
    }

    @Test("the demo seed creates a public and a private server with folders, channels, roles and overwrites",
          arguments: DatabaseDialect.allCases)
    func demoSeed(dialect: DatabaseDialect) async throws {
        let seed = try CommunitySeed.load(from: Self.seedURL)
        var users: [String: UserID] = [:]
        for (index, user) in seed.users.enumerated() { users[user.username] = TestUser.id(Int64(100 + index)) }
        try await withService(dialect) { service, _ in
            let report = try await CommunitySeeder.apply(seed, service: service, users: users)
            #expect(report.servers.count == 2 && report.skipped.isEmpty)
            let cafe = try #require(report.servers["Beep Café"])
            let apollo = try #require(report.servers["Apollo Guidance"])
            let ada = try #require(users["ada"]), grace = try #require(users["grace"]), linus = try #require(users["linus"])
            let alan = try #require(users["alan"])

            #expect(try await service.members(actor: ada, server: cafe).count == 5)
            #expect(try await service.roles(actor: ada, server: cafe).map(\.name) == ["@everyone", "Speakers", "Moderators"])
            let adaChannels = try await service.channels(actor: ada, server: cafe).map(\.name)
            #expect(adaChannels.contains("mods-only") && adaChannels.contains("Stage") && adaChannels.contains("Welcome"))
            let linusChannels = try await service.channels(actor: linus, server: cafe)
            #expect(!linusChannels.contains { $0.name == "mods-only" })
            #expect(try await service.channels(actor: grace, server: cafe).contains { $0.name == "mods-only" })
            let stage = try #require(linusChannels.first { $0.name == "Stage" })
            #expect(stage.parentID != nil)
            #expect(try await !service.permissions(actor: linus, channel: stage.id).contains(.speak))
            #expect(try await service.permissions(actor: alan, channel: stage.id).contains(.speak))
            let rules = try #require(linusChannels.first { $0.name == "rules" })
            #expect(try await !service.permissions(actor: linus, channel: rules.id).contains(.sendMessages))
            #expect(try await service.permissions(actor: grace, channel: rules.id).contains(.sendMessages))

            #expect(try await service.server(actor: alan, id: apollo).visibility == .private)
            #expect(await communityErrorCode { _ = try await service.server(actor: linus, id: apollo) } == .notFound(what: "Server"))
            #expect(report.invites["Apollo Guidance"]?.count == 1)

            let again = try await CommunitySeeder.apply(seed, service: service, users: users)
            #expect(again.servers.isEmpty && again.skipped.count == 2)
        }
    }
}
