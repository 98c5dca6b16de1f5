import BeepEvents
import BeepMessages
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import BeepWire
import Foundation
import Synchronization
import Testing

/// Events published by the services, held until the test hands them to its hub.
final class PublishedLog: Sendable {
    private let entries = Mutex<[(PublishedEvent, Set<UserID>)]>([])

    /// The world's forward: records each event with its audience.
    var forward: MessageTestWorld.Forward { { event, audience in self.entries.withLock { $0.append((event, audience)) } } }

    /// The events since the last call.
    func drain() -> [(PublishedEvent, Set<UserID>)] { entries.withLock { all in defer { all.removeAll() }; return all } }
}

/// An events hub (the gateway's sans-IO core) fed by a world's services: what each connected
/// user actually receives. Tokens are user ids.
final class DeliveryBench {
    let hub = EventHub(authenticate: { Snowflake($0) == nil ? nil : $0 })
    let log = PublishedLog()
    var now = MonotonicTime(nanoseconds: 1_000_000_000)
    private(set) var received: [EventConnectionID: [[String: Any]]] = [:]

    func connect(_ user: UserID) -> EventConnectionID {
        let id = hub.open(now: now)
        hub.receive(#"{"op":"identify","token":"\#(user)"}"#, on: id, now: now)
        pump()
        return id
    }

    /// Publishes what the services published, then collects every frame written.
    func pump() {
        for (event, audience) in log.drain() {
            let ids = Set(audience.map(\.description))
            hub.publish(event, to: { ids.contains($0) }, now: now)
        }
        while let output = hub.pollOutput() {
            guard case .send(let id, let text) = output else { continue }
            hub.delivered(id)
            if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
                received[id, default: []].append(object)
            }
        }
    }

    /// The event frames `id` received since the last call: `type` and `data` of each.
    func events(_ id: EventConnectionID) -> [(type: String, data: [String: Any], seq: Int)] {
        defer { received[id] = [] }
        return (received[id] ?? []).compactMap { frame in
            guard frame["op"] as? String == "event", let type = frame["type"] as? String,
                  let data = frame["data"] as? [String: Any], let seq = frame["seq"] as? Int else { return nil }
            return (type, data, seq)
        }
    }

    /// The session id of the `ready` frame `id` received.
    func session(_ id: EventConnectionID) -> String? {
        received[id]?.first { $0["op"] as? String == "ready" }?["session"] as? String
    }
}

/// Messages and community changes as connected clients see them: every member receives, a
/// non-member never; edits, deletes and pins follow; resume replays exactly what was missed; a
/// member who loses a private channel is told and gets none of its later events.
@Suite struct EventDeliveryTests {
    @Test(arguments: DatabaseDialect.allCases)
    func membersReceiveEveryChangeAndNonMembersNothing(dialect: DatabaseDialect) async throws {
        let bench = DeliveryBench()
        try await MessageTestWorld.with(dialect, forward: bench.log.forward) { world in
            _ = bench.log.drain()  // the world's setup
            let connections = [world.owner, world.alice, world.bob, world.carol].map { bench.connect($0) }
            let sent = try await world.send(world.alice, world.general, "hello @bob")
            _ = try await world.service.edit(actor: world.alice, channel: world.general, message: sent.id, content: "hello all")
            _ = try await world.service.pin(actor: world.bob, channel: world.general, message: sent.id)
            _ = try await world.service.unpin(actor: world.bob, channel: world.general, message: sent.id)
            _ = try await world.service.delete(actor: world.bob, channel: world.general, message: sent.id)
            bench.pump()
            let expected = ["message.created", "message.updated", "message.pinned", "message.unpinned", "message.deleted"]
            for member in connections.prefix(3) {
                let events = bench.events(member)
                #expect(events.map(\.type) == expected)
                #expect(events.map(\.seq) == [1, 2, 3, 4, 5])
                #expect(events.allSatisfy { $0.data["id"] as? String == sent.id.description })
                #expect(events.dropFirst().first?.data["content"] as? String == "hello all")
            }
            #expect(bench.events(connections[3]).isEmpty)  // carol is not a member
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func resumeDeliversExactlyTheMissedEventsInOrder(dialect: DatabaseDialect) async throws {
        let bench = DeliveryBench()
        try await MessageTestWorld.with(dialect, forward: bench.log.forward) { world in
            _ = bench.log.drain()
            let first = bench.connect(world.alice)
            let session = try #require(bench.session(first))
            try await world.send(world.bob, world.general, "before")
            bench.pump()
            #expect(bench.events(first).map(\.seq) == [1])
            bench.hub.disconnected(first, now: bench.now)
            for text in ["missed 1", "missed 2", "missed 3"] { try await world.send(world.bob, world.general, text) }
            bench.pump()
            let again = bench.hub.open(now: bench.now)
            bench.hub.receive(#"{"op":"resume","token":"\#(world.alice)","session":"\#(session)","seq":1}"#, on: again,
                              now: bench.now)
            try await world.send(world.bob, world.general, "live")
            bench.pump()
            #expect(bench.received[again]?.first?["replayed"] as? Int == 3)
            let events = bench.events(again)
            #expect(events.map(\.seq) == [2, 3, 4, 5])
            #expect(events.map { $0.data["content"] as? String } == ["missed 1", "missed 2", "missed 3", "live"])
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func aMemberRemovedFromAPrivateChannelIsToldAndReceivesNoMore(dialect: DatabaseDialect) async throws {
        let bench = DeliveryBench()
        try await MessageTestWorld.with(dialect, forward: bench.log.forward) { world in
            let alice = MemberID(world.alice)
            _ = try await world.communities.setOverwrite(actor: world.owner, channel: world.secret,
                                                         PermissionOverwrite(target: .member(alice), allow: .viewChannel))
            _ = bench.log.drain()
            let connection = bench.connect(world.alice)
            try await world.send(world.owner, world.secret, "for alice too")
            try await world.communities.deleteOverwrite(actor: world.owner, channel: world.secret, target: .member(alice))
            try await world.send(world.owner, world.secret, "not for alice")
            try await world.send(world.owner, world.general, "for everyone")
            bench.pump()
            let events = bench.events(connection)
            #expect(events.map(\.type) == ["message.created", "channel.hidden", "message.created"])
            #expect(events.map { $0.data["content"] as? String } == ["for alice too", nil, "for everyone"])
            #expect(events.dropFirst().first?.data["id"] as? String == world.secret.description)
        }
    }
}
