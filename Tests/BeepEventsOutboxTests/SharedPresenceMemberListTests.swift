import BeepEvents
import BeepEventsOutbox
@testable import BeepEventsServer
import BeepStorage
import BeepStorageTestSupport
import Testing

/// On PostgreSQL a presence change is written to the outbox by the process its user is
/// connected to and delivered by every process: a large server's member-list audience must
/// arrive with it (docs/events.md, "Presence").
@Suite(.serialized) struct SharedPresenceMemberListTests {
    @Test func aLargeServersMemberListAudienceReachesAnotherProcess() async throws {
        try await TestDatabases.with(.postgres) { database in
            let outbox = try await EventOutbox.open(database)
            let seen = Deliveries()
            let other = OutboxRelayTests.relay(outbox, node: 2, into: seen)
            let task = Task { await other.run() }
            defer { task.cancel() }
            try await OutboxRelayTests.waitListening([other])
            let presence = SharedLiveState.presence(outbox: outbox, node: 1) { user, status in
                StagedEvent(event: PublishedEvent(type: "presence.updated", dataJSON: #"{"status":"\#(status.rawValue)"}"#),
                            audience: [user, "5"], memberListAudience: ["900": [user, "8", "9"]],
                            stream: SharedLiveState.presenceStream(user: user))
            }
            try await presence.setPresence("7", .online)
            let got = try await seen.wait(for: 1)
            #expect(got.count == 1)
            #expect(got.first?.audience == ["7", "5"])
            #expect(got.first?.memberListAudience == ["900": ["7", "8", "9"]])
        }
    }
}
