import BeepEvents
import BeepEventsOutbox
import BeepStorage
import BeepStorageTestSupport
import Foundation
import SQLKit
import Testing

/// A body staged with a placeholder (`"position":0`) gets the number its write gives: in Swift
/// (``StagedEvent/stamping(_:_:)``) and in the PostgreSQL statement
/// (``EventOutbox/writing(_:now:gate:stamp:)``), the same way.
@Suite("Outbox body stamp")
struct OutboxStampTests {
    /// A string value holding the placeholder's text escapes its quotes, so only the member changes.
    static let body = #"{"content":"say \"position\":0 twice \"position\":0","id":"5","position":0}"#
    static let stamped = #"{"content":"say \"position\":0 twice \"position\":0","id":"5","position":42}"#

    static func staged() -> StagedEvent {
        StagedEvent(event: PublishedEvent(type: "message.created", dataJSON: body), audience: ["1"], stream: "channel:9")
    }

    @Test func swiftReplacesOnlyThePlaceholderMember() throws {
        #expect(StagedEvent.placeholder("position") == #""position":0"#)
        #expect(Self.staged().stamping("position", 42).event.dataJSON == Self.stamped)
        let decoded = try JSONSerialization.jsonObject(with: Data(Self.stamped.utf8)) as? [String: Any]
        #expect(decoded?["position"] as? Int == 42)
        #expect(decoded?["content"] as? String == #"say "position":0 twice "position":0"#)
        // A body without the placeholder is left as it is.
        let other = StagedEvent(event: PublishedEvent(type: "t", dataJSON: #"{"position":7}"#), audience: [], stream: "s")
        #expect(other.stamping("position", 42) == other)
    }

    @Test func postgresStatementStampsTheSameWay() async throws {
        try await TestDatabases.with(.postgres) { database in
            let outbox = try await EventOutbox.open(database)
            let statement: SQLQueryString = "WITH source AS (SELECT 42::bigint AS position), "
                + (try outbox.writing(Self.staged(), gate: "source", stamp: "position"))
                + " " + EventOutbox.notifying(outbox.channel)
            _ = try await database.sql.raw(statement).first()
            let rows = try await outbox.records(createdSince: 0)
            #expect(rows.map(\.staged) == [Self.staged().stamping("position", 42)])
            #expect(rows.first?.staged.event.dataJSON == Self.stamped)
        }
    }
}
