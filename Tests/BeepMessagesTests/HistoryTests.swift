import BeepMessages
import BeepPlatformCore
import BeepStorage
import Testing

@Suite("History pagination")
struct HistoryTests {
    @Test(arguments: DatabaseDialect.allCases)
    func beforeAfterAroundAndClamping(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            var sent: [Snowflake] = []
            for index in 0..<30 {
                sent.append(try await world.send(index.isMultiple(of: 2) ? world.alice : world.bob, world.general, "m\(index)").id)
            }
            // Total order: ids strictly increase in send order.
            #expect(zip(sent, sent.dropFirst()).allSatisfy { $0 < $1 })
            let service = world.service
            func page(_ anchor: HistoryAnchor, _ limit: Int?) async throws -> [Snowflake] {
                try await service.history(actor: world.alice, channel: world.general, anchor: anchor, limit: limit).map(\.id)
            }
            #expect(try await page(.latest, 10) == Array(sent[20..<30]))
            #expect(try await page(.before(sent[10]), 5) == Array(sent[5..<10]))
            #expect(try await page(.before(sent[3]), 10) == Array(sent[0..<3]))
            #expect(try await page(.after(sent[25]), 10) == Array(sent[26..<30]))
            #expect(try await page(.after(sent[4]), 3) == Array(sent[5..<8]))
            #expect(try await page(.around(sent[15]), 6) == Array(sent[12..<18]))
            #expect(try await page(.around(sent[1]), 6) == Array(sent[0..<6]))
            #expect(try await page(.around(sent[15]), 1) == [sent[15]])
            #expect(try await page(.around(sent[29]), 4) == Array(sent[27..<30]))
            #expect(try await page(.latest, 0) == [sent[29]])
            #expect(try await page(.latest, 1000) == sent)
            #expect(try await page(.latest, nil) == sent)
            // Walking backwards page by page visits every message once, in order.
            var walked: [Snowflake] = []
            var anchor = HistoryAnchor.latest
            while true {
                let chunk = try await page(anchor, 7)
                guard let oldest = chunk.first else { break }
                walked.insert(contentsOf: chunk, at: 0)
                anchor = .before(oldest)
            }
            #expect(walked == sent)
            // Another channel's messages never mix in.
            _ = try await world.send(world.owner, world.announcements, "elsewhere")
            #expect(try await page(.latest, 100) == sent)
        }
    }
}
