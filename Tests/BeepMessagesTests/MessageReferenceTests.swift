import BeepMessages
import BeepPlatformCore
import BeepStorage
import Testing

@Suite("Mentions, channel tags, links")
struct MessageReferenceTests {
    @Test func scannerFindsMentionsTagsAndLinksOutsideCode() {
        let scanned = ScannedContent(scanning: """
            hi @Alice and @bob. see #General, #secret-plans and https://example.org/x
            `@carol #code` and ```
            @dave
            ``` mail@example.org #1 @everyone
            """)
        #expect(scanned.usernames == ["alice", "bob"])
        #expect(scanned.channelTags == ["general", "secret-plans", "1"])
        #expect(scanned.hasLink)
        #expect(scanned.mentionsEveryone)
        let plain = ScannedContent(scanning: "no links: http:// nor httpx://y, `https://in.code` \\@escaped")
        #expect(!plain.hasLink)
        #expect(plain.usernames.isEmpty)
        #expect(!plain.mentionsEveryone)
        #expect(MessageContent.tagKey(channelName: "Secret  Plans") == "secret-plans")
    }

    @Test(arguments: DatabaseDialect.allCases)
    func mentionsResolveToMembersWhoCanSeeTheChannel(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let message = try await world.send(world.alice, world.general,
                                               "@alice @BOB @carol @nobody `@owner` @everyone")
            // carol is not a member, nobody does not exist, owner is inside code.
            #expect(message.mentions == [world.alice, world.bob].sorted())
            #expect(!message.mentionsEveryone)  // alice lacks MENTION_EVERYONE
            let byMod = try await world.send(world.bob, world.general, "@everyone meeting")
            #expect(byMod.mentionsEveryone)
            // In the private channel only the owner can see it: alice is not mentioned.
            let hidden = try await world.send(world.owner, world.secret, "@alice @owner")
            #expect(hidden.mentions == [world.owner])
            let stored = try await world.service.message(actor: world.bob, channel: world.general, id: message.id)
            #expect(stored.mentions == message.mentions)
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func channelTagsResolveToChannelsTheAuthorCanSee(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let byAlice = try await world.send(world.alice, world.general, "see #general, #secret-plans, #nope, #GENERAL")
            #expect(byAlice.channelTags == [world.general])
            let byOwner = try await world.send(world.owner, world.general, "see #general and #secret-plans #announcements")
            #expect(Set(byOwner.channelTags) == [world.general, world.secret, world.announcements])
            let stored = try await world.service.message(actor: world.alice, channel: world.general, id: byOwner.id)
            #expect(Set(stored.channelTags) == Set(byOwner.channelTags))
        }
    }
}
