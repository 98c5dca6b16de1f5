import BeepMessages
import BeepPlatformCore
import BeepStorage
import Testing

@Suite("Search")
struct SearchTests {
    @Test(arguments: DatabaseDialect.allCases)
    func textAndFilters(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let apples = try await world.send(world.alice, world.general, "I like green apples")
            let pears = try await world.send(world.bob, world.general, "Pears are better than apples, @alice")
            let link = try await world.send(world.alice, world.general, "apple pie recipe at https://example.org/pie")
            let other = try await world.send(world.owner, world.announcements, "Apples for everyone")
            _ = try await world.service.pin(actor: world.bob, channel: world.general, message: pears.id)
            let service = world.service
            func ids(_ scope: SearchScope, _ query: String, as actor: UserID? = nil) async throws -> [Snowflake] {
                try await service.search(actor: actor ?? world.alice, in: scope, query: query).messages.map(\.id)
            }
            let general = SearchScope.channel(world.general)
            // Newest first; whole words (apple != apples); case-insensitive.
            #expect(try await ids(general, "apples") == [pears.id, apples.id])
            #expect(try await ids(general, "APPLE") == [link.id])
            #expect(try await ids(general, "green apples") == [apples.id])
            #expect(try await ids(general, #""apples green""#) == [])
            #expect(try await ids(general, #""green apples""#) == [apples.id])
            #expect(try await ids(general, "from:bob") == [pears.id])
            #expect(try await ids(general, "apples from:alice") == [apples.id])
            #expect(try await ids(general, "from:alice from:bob apples") == [pears.id, apples.id])
            #expect(try await ids(general, "from:nobody") == [])
            #expect(try await ids(general, "mentions:alice") == [pears.id])
            #expect(try await ids(general, "mentions:bob") == [])
            #expect(try await ids(general, "has:link") == [link.id])
            #expect(try await ids(general, "pinned:true") == [pears.id])
            #expect(try await ids(general, "pinned:false") == [link.id, apples.id])
            #expect(try await ids(general, "before:\(pears.id)") == [apples.id])
            #expect(try await ids(general, "after:\(apples.id) before:\(link.id)") == [pears.id])
            #expect(try await ids(general, "before:2000-01-01") == [])
            #expect(try await ids(general, "after:2000-01-01") == [link.id, pears.id, apples.id])
            #expect(try await ids(general, "") == [link.id, pears.id, apples.id])
            // Query-language characters are plain text on both engines (no syntax errors, no injection).
            #expect(try await ids(general, #"NOT apples OR * NEAR( ^green ') ; -- \"#) == [])
            #expect(try await ids(general, #""green' -- apples""#) == [apples.id])
            #expect(try await ids(general, "apples* (green)") == [apples.id])
            // Server-wide: every visible text channel.
            #expect(try await ids(.server(world.server), "apples") == [other.id, pears.id, apples.id])
            // A channel of another server or an unknown id: not found; a server one is not in: nothing.
            #expect(await messageErrorCode { _ = try await ids(.channel(Snowflake(rawValue: 5)), "apples") }
                == .notFound(what: "Channel"))
            #expect(try await ids(.server(world.server), "apples", as: world.carol) == [])
            #expect(await messageErrorCode { _ = try await ids(general, "apples", as: world.carol) } == .notFound(what: "Channel"))
            #expect(await messageErrorCode { _ = try await ids(general, "has:files") } == .invalid(field: "q.has"))
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func hiddenChannelsNeverAppear(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let hidden = try await world.send(world.owner, world.secret, "launch codes banana")
            let visible = try await world.send(world.owner, world.general, "banana bread")
            let asAlice = try await world.service.search(actor: world.alice, in: .server(world.server), query: "banana")
            #expect(asAlice.messages.map(\.id) == [visible.id])
            let asOwner = try await world.service.search(actor: world.owner, in: .server(world.server), query: "banana")
            #expect(asOwner.messages.map(\.id) == [visible.id, hidden.id])
            #expect(await messageErrorCode {
                _ = try await world.service.search(actor: world.alice, in: .channel(world.secret), query: "banana")
            } == .notFound(what: "Channel"))
            let filtersOnly = try await world.service.search(actor: world.alice, in: .server(world.server), query: "from:owner")
            #expect(filtersOnly.messages.map(\.id) == [visible.id])
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func indexFollowsEditsAndDeletes(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let message = try await world.send(world.alice, world.general, "kiwi smoothie")
            func found(_ term: String) async throws -> [Snowflake] {
                try await world.service.search(actor: world.bob, in: .channel(world.general), query: term).messages.map(\.id)
            }
            #expect(try await found("kiwi") == [message.id])
            _ = try await world.service.edit(actor: world.alice, channel: world.general, message: message.id,
                                             content: "mango smoothie https://example.org @bob")
            #expect(try await found("kiwi") == [])
            #expect(try await found("mango") == [message.id])
            #expect(try await found("mango has:link mentions:bob") == [message.id])
            _ = try await world.service.delete(actor: world.alice, channel: world.general, message: message.id)
            #expect(try await found("mango") == [])
            #expect(try await found("smoothie") == [])
            #expect(try await found("") == [])
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func pagesAndRelevance(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            var sent: [Snowflake] = []
            for index in 0..<7 { sent.append(try await world.send(world.alice, world.general, "plum number \(index)").id) }
            let strong = try await world.send(world.alice, world.general, "plum plum plum plum")
            _ = try await world.send(world.alice, world.general, "plum jam, plum cake, then nothing else to say here at all")
            let service = world.service
            var walked: [Snowflake] = []
            var cursor: String?
            repeat {
                let page = try await service.search(actor: world.bob, in: .channel(world.general), query: "number",
                                                    limit: 3, cursor: cursor)
                #expect(page.messages.count <= 3)
                walked += page.messages.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(walked == sent.reversed())
            let relevant = try await service.search(actor: world.bob, in: .channel(world.general), query: "plum",
                                                    order: .relevance, limit: 2)
            #expect(relevant.messages.first?.id == strong.id)
            #expect(relevant.nextCursor == "2")
            let next = try await service.search(actor: world.bob, in: .channel(world.general), query: "plum",
                                                order: .relevance, limit: 50, cursor: relevant.nextCursor)
            #expect(next.messages.count == 7)
            #expect(Set(next.messages.map(\.id)).isDisjoint(with: relevant.messages.map(\.id)))
            #expect(await messageErrorCode {
                _ = try await service.search(actor: world.bob, in: .channel(world.general), query: "plum", cursor: "abc")
            } == .invalid(field: "cursor"))
        }
    }
}
