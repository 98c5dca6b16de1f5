import BeepCommunities
import BeepCommunitiesAPI
import BeepEvents
import BeepEventsOutbox
@testable import BeepEventsServer
import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import Foundation
import Testing

/// Community events written to the outbox in their change's transaction (as `beep` does) reach a
/// second process on the same database, in the server's stream, with their audiences
/// (docs/events.md, "Across processes").
@Suite(.serialized) struct CommunityEventsAcrossProcessesTests {
    @Test func aCommunityChangeThroughOneProcessReachesTheOtherInTheServersStream() async throws {
        try await TestDatabases.with(.postgres) { database in
            let outbox = try await EventOutbox.open(database)
            let (seenA, seenB) = (Deliveries(), Deliveries())
            let a = OutboxRelayTests.relay(outbox, node: 1, into: seenA)
            let b = OutboxRelayTests.relay(outbox, node: 2, into: seenB)
            let tasks = [Task { await a.run() }, Task { await b.run() }]
            defer { tasks.forEach { $0.cancel() } }
            try await OutboxRelayTests.waitListening([a, b])
            let recorder = OutboxCommunityEventRecorder(outbox: outbox)
            let communities = CommunityService(store: try await SQLCommunityStore.open(database, recorder: recorder))
            let owner = UserID(rawValue: 1), alice = UserID(rawValue: 2)
            let server = try await communities.createServer(actor: owner, name: "Across", visibility: .public)
            _ = try await communities.join(actor: alice, server: server.id)
            let secret = try await communities.createChannel(actor: owner, server: server.id, kind: .text, name: "secret",
                                                             isPrivate: true)
            let secretID = "\"\(secret.id)\""
            var got: [StagedEvent] = []
            for _ in 0..<400 {  // bounded: 20 s
                got = seenB.all
                if got.contains(where: { $0.event.type == "channel.created" && $0.event.dataJSON.contains(secretID) }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let joined = got.first { $0.event.type == CommunityEventType.memberJoined.rawValue }
            #expect(joined?.stream == "server:\(server.id)")
            #expect(joined?.audience == ["1", "2"])
            let created = got.first { $0.event.type == CommunityEventType.channelCreated.rawValue && $0.event.dataJSON.contains(secretID) }
            #expect(created?.stream == "server:\(server.id)")
            #expect(created?.audience == ["1"])  // private: alice cannot view it
            // The writing process delivers from the outbox too, the same events in the same order.
            let own = try await seenA.wait(for: got.count)
            #expect(own.prefix(got.count).map(\.event) == got.map(\.event))
        }
    }
}
