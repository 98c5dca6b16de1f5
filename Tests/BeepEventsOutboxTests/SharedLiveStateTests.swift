import BeepCommunitiesAPI
import BeepEvents
import BeepEventsOutbox
import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import Foundation
import Synchronization
import Testing

/// Live state shared by processes through the database (docs/events.md, "Presence" and "Voice
/// rooms"): two nodes on one database, on SQLite and PostgreSQL, the clock passed in.
@Suite struct SharedLiveStateTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func presence(_ node: Int64, _ outbox: EventOutbox) -> SharedLiveState {
        SharedLiveState.presence(outbox: outbox, node: node, lease: .seconds(15)) { user, status in
            StagedEvent(event: PublishedEvent(type: "presence.updated", dataJSON: status.rawValue),
                        audience: [user], stream: SharedLiveState.presenceStream(user: user))
        }
    }

    /// The event bodies written in `stream`, in order.
    static func published(_ stream: String, _ outbox: EventOutbox) async throws -> [String] {
        try await outbox.records(createdSince: 0).filter { $0.staged.stream == stream }.sorted { $0.seq < $1.seq }
            .map(\.staged.event.dataJSON)
    }

    static func statuses(_ user: String, _ outbox: EventOutbox) async throws -> [String] {
        try await published(SharedLiveState.presenceStream(user: user), outbox)
    }

    /// Presence of nodes 1 and 2 on a fresh database of `dialect`.
    static func withTwoNodes(_ dialect: DatabaseDialect,
                             _ body: (SharedLiveState, SharedLiveState, EventOutbox) async throws -> Void) async throws {
        try await TestDatabases.with(dialect) { database in
            let outbox = try await EventOutbox.open(database)
            try await body(presence(1, outbox), presence(2, outbox), outbox)
        }
    }

    @Test("a user's status is the best over the nodes they are connected to; only changes are published",
          arguments: DatabaseDialect.allCases)
    func statusIsTheBestOverNodes(dialect: DatabaseDialect) async throws {
        try await Self.withTwoNodes(dialect) { a, b, outbox in
            let t = Self.start
            try await a.setPresence("7", .online, now: t)
            try await b.setPresence("7", .idle, now: t)
            #expect(try await b.held(among: ["7", "8"], now: t) == ["7"])
            try await a.setPresence("7", .offline, now: t.addingTimeInterval(1))
            try await a.setPresence("7", .offline, now: t.addingTimeInterval(1))
            try await b.setPresence("7", .online, now: t.addingTimeInterval(2))
            try await b.setPresence("7", .offline, now: t.addingTimeInterval(3))
            #expect(try await Self.statuses("7", outbox) == ["online", "idle", "online", "offline"])
            #expect(try await a.held(among: ["7"], now: t.addingTimeInterval(3)).isEmpty)
        }
    }

    @Test("a node that stops renewing loses its users once the lease runs out; a live node sweeps them offline once",
          arguments: DatabaseDialect.allCases)
    func expiredLeasesGoOffline(dialect: DatabaseDialect) async throws {
        try await Self.withTwoNodes(dialect) { a, b, outbox in
            let t = Self.start
            try await b.setPresence("8", .online, now: t)
            try await a.setPresence("9", .online, now: t)
            try await a.renew(["9": "online"], now: t.addingTimeInterval(10))
            #expect(try await a.held(among: ["8", "9"], now: t.addingTimeInterval(14)) == ["8", "9"])
            // b was killed at t: its row counts until t + 15 s.
            #expect(try await a.held(among: ["8", "9"], now: t.addingTimeInterval(16)) == ["9"])
            #expect(try await a.sweep(now: t.addingTimeInterval(16)) == 1)
            #expect(try await a.sweep(now: t.addingTimeInterval(17)) == 0)
            #expect(try await Self.statuses("8", outbox) == ["online", "offline"])
            #expect(try await Self.statuses("9", outbox) == ["online"])
        }
    }

    @Test("a node whose rows were swept while it could not renew sets them again; a restarted node releases its old rows",
          arguments: DatabaseDialect.allCases)
    func renewRestoresAndRestartReleases(dialect: DatabaseDialect) async throws {
        try await Self.withTwoNodes(dialect) { a, b, outbox in
            let t = Self.start
            try await a.setPresence("9", .idle, now: t)
            try await b.sweep(now: t.addingTimeInterval(20))
            try await a.renew(["9": "idle"], now: t.addingTimeInterval(21))
            #expect(try await Self.statuses("9", outbox) == ["idle", "offline", "idle"])

            try await b.setPresence("10", .online, now: t.addingTimeInterval(21))
            try await Self.presence(2, outbox).releaseAll(now: t.addingTimeInterval(22))
            #expect(try await Self.statuses("10", outbox) == ["online", "offline"])
            #expect(try await Self.statuses("9", outbox) == ["idle", "offline", "idle"])
        }
    }

    @Test("a voice channel's participants are every live node's, published merged", arguments: DatabaseDialect.allCases)
    func voiceRostersMerge(dialect: DatabaseDialect) async throws {
        try await TestDatabases.with(dialect) { database in
            let outbox = try await EventOutbox.open(database)
            func voice(_ node: Int64) -> SharedLiveState {
                SharedLiveState.voice(outbox: outbox, node: node) { change in
                    StagedEvent(event: PublishedEvent(type: "voice.participants",
                                                      dataJSON: change.participants.map(\.participantId).joined(separator: ",")),
                                audience: ["1"], stream: "voice:\(change.channelID)")
                }
            }
            let (a, b) = (VoiceRoster(shared: voice(1)), VoiceRoster(shared: voice(2)))
            let channel = Snowflake(rawValue: 5)
            let (p1, p2) = (VoiceParticipantJSON(participantId: "p1", userId: UserID(rawValue: 11)),
                            VoiceParticipantJSON(participantId: "p2", userId: UserID(rawValue: 12)))
            try await a.share(VoiceParticipantsChange(channelID: channel, participants: [p1]))
            try await b.share(VoiceParticipantsChange(channelID: channel, participants: [p2]))
            #expect(await a.currentParticipants(channel: channel) == [p1, p2])
            try await b.share(VoiceParticipantsChange(channelID: channel, participants: []))
            #expect(await b.currentParticipants(channel: channel) == [p1])
            try await a.share(VoiceParticipantsChange(channelID: channel, participants: []))
            #expect(await b.currentParticipants(channel: channel).isEmpty)
            #expect(try await Self.published("voice:5", outbox) == ["p1", "p1,p2", "p1", ""])
        }
    }
}
