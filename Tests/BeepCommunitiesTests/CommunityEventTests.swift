import BeepCommunities
import BeepCommunitiesAPI
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import Foundation
import Synchronization
import Testing

/// Collects the community events a service publishes.
final class CommunityEventLog: Sendable {
    private let events = Mutex<[CommunityEvent]>([])

    func record(_ event: CommunityEvent) { events.withLock { $0.append(event) } }

    /// The events since the last call.
    func drain() -> [CommunityEvent] { events.withLock { all in defer { all.removeAll() }; return all } }
}

/// Community events (docs/events.md, "Community events"): every kind reaches the members who
/// can see its subject after the change (and those who just lost it), never anyone else.
@Suite struct CommunityEventTests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, carol = TestUser.carol

    private func withPublishingService(_ dialect: DatabaseDialect,
                                       _ body: (CommunityService, CommunityEventLog) async throws -> Void) async throws {
        try await withStore(dialect) { store, _ in
            let log = CommunityEventLog()
            let clock = TestClock()
            try await body(CommunityService(store: store, clock: { clock.now }, publish: { log.record($0) }), log)
        }
    }

    /// The (type, audience) pairs of `events`, for comparing whole sequences.
    private func summary(_ events: [CommunityEvent]) -> [String] {
        events.map { "\($0.type.rawValue) → \($0.audience.sorted().map { TestUser.name($0) }.joined(separator: ","))" }
    }

    @Test("each change publishes its events to exactly the members who see (or just lost) the subject",
          arguments: DatabaseDialect.allCases)
    func everyKindReachesItsAudience(dialect: DatabaseDialect) async throws {
        try await withPublishingService(dialect) { service, log in
            let (owner, alice, bob) = (Self.owner, Self.alice, Self.bob)
            var seen: [CommunityEvent] = []
            func take() -> [String] {
                let events = log.drain()
                seen += events
                return summary(events)
            }
            let server = try await service.createServer(actor: owner, name: "Beepers", visibility: .public)
            #expect(take() == [])
            _ = try await service.join(actor: alice, server: server.id)
            #expect(take() == ["member.joined → owner,alice"])
            _ = try await service.join(actor: bob, server: server.id)
            #expect(take() == ["member.joined → owner,alice,bob"])
            let general = try #require(try await service.channels(actor: owner, server: server.id).first)

            let secret = try await service.createChannel(actor: owner, server: server.id, kind: .text, name: "secret",
                                                         isPrivate: true)
            #expect(take() == ["channel.created → owner"])
            _ = try await service.setOverwrite(actor: owner, channel: secret.id,
                                               PermissionOverwrite(target: .member(MemberID(alice)), allow: .viewChannel))
            #expect(take() == ["channel.updated → owner", "channel.shown → alice"])

            let mod = try await service.createRole(actor: owner, server: server.id, name: "mod")
            #expect(take() == ["role.created → owner,alice,bob"])
            try await service.assignRole(actor: owner, server: server.id, user: bob, role: mod.id)
            #expect(take() == ["member.updated → owner,alice,bob"])
            _ = try await service.setOverwrite(actor: owner, channel: secret.id,
                                               PermissionOverwrite(target: .role(RoleID(mod.id)), allow: .viewChannel))
            #expect(take() == ["channel.updated → owner,alice", "channel.shown → bob"])
            try await service.unassignRole(actor: owner, server: server.id, user: bob, role: mod.id)
            #expect(take() == ["member.updated → owner,alice,bob", "channel.hidden → bob"])
            try await service.deleteOverwrite(actor: owner, channel: secret.id, target: .member(MemberID(alice)))
            #expect(take() == ["channel.updated → owner", "channel.hidden → alice"])

            _ = try await service.updateRole(actor: owner, server: server.id, role: mod.id, changes: RoleChanges(colour: 0xFF0000))
            #expect(take() == ["role.updated → owner,alice,bob"])
            _ = try await service.updateChannel(actor: owner, id: general.id, name: "lobby", topic: nil)
            #expect(take() == ["channel.updated → owner,alice,bob"])
            _ = try await service.moveChannel(actor: owner, id: secret.id, parentID: nil, position: 0)
            #expect(take() == ["channel.moved → owner,alice,bob", "channel.moved → owner,alice,bob", "channel.moved → owner"])
            _ = try await service.updateServer(actor: owner, id: server.id, changes: ServerChanges(name: "Beepers 2"))
            #expect(take() == ["server.updated → owner,alice,bob"])
            try await service.deleteRole(actor: owner, server: server.id, role: mod.id)
            #expect(take().contains("role.deleted → owner,alice,bob"))

            try await service.kick(actor: owner, server: server.id, target: bob)
            #expect(take() == ["member.kicked → owner,alice,bob"])
            _ = try await service.ban(actor: owner, server: server.id, target: alice)
            #expect(take() == ["member.banned → owner,alice"])
            _ = try await service.join(actor: bob, server: server.id)
            try await service.leave(actor: bob, server: server.id)
            #expect(take() == ["member.joined → owner,bob", "member.left → owner,bob"])
            try await service.deleteChannel(actor: owner, id: secret.id)
            // The siblings after it move up a place.
            #expect(take() == ["channel.moved → owner", "channel.moved → owner", "channel.deleted → owner"])
            try await service.deleteServer(actor: owner, id: server.id)
            #expect(take() == ["server.deleted → owner"])

            #expect(Set(seen.map(\.type)) == Set(CommunityEventType.allCases))
            #expect(!seen.contains { $0.audience.contains(Self.carol) })  // never a member: never told anything
        }
    }

    @Test("event bodies are the HTTP API's JSON for live objects and ids for gone ones")
    func bodies() throws {
        let server = Snowflake(rawValue: 77)
        let channel = CommunityChannel(id: Snowflake(rawValue: 78), serverID: server, parentID: nil, kind: .text,
                                       name: "general", topic: "", position: 0, overwrites: [])
        let updated = try CommunityEvent(type: .channelUpdated, subject: .channel(channel), audience: [Self.owner]).published()
        #expect(updated.type == "channel.updated")
        #expect(updated.dataJSON == String(decoding: try JSONEncoder.sorted.encode(ChannelJSON(channel)), as: UTF8.self))
        let hidden = try CommunityEvent(type: .channelHidden, subject: .channelRef(channelID: channel.id, serverID: server),
                                        audience: [Self.alice]).published()
        #expect(hidden.dataJSON == #"{"id":"78","serverId":"77"}"#)
        let kicked = try CommunityEvent(type: .memberKicked, subject: .memberRef(serverID: server, userID: Self.bob),
                                        audience: [Self.bob]).published()
        #expect(kicked.dataJSON == #"{"serverId":"77","userId":"\#(Self.bob)"}"#)
        let gone = try CommunityEvent(type: .serverDeleted, subject: .serverRef(serverID: server), audience: [Self.bob]).published()
        #expect(gone.dataJSON == #"{"serverId":"77"}"#)
    }
}

extension JSONEncoder {
    /// Sorted keys, unescaped slashes: how ``PublishedEvent`` encodes bodies.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension TestUser {
    /// The test user's name, for readable expectations.
    static func name(_ id: UserID) -> String {
        switch id {
        case owner: "owner"
        case alice: "alice"
        case bob: "bob"
        case carol: "carol"
        default: id.description
        }
    }
}
