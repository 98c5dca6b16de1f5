import BeepEvents
import Foundation
import Testing

/// Member-list subscriptions (docs/events.md, "Presence"): a large server's presence reaches
/// only the sessions watching its member list, and only members' ones.
@Suite struct EventHubMemberListTests {
    static let large = "900", other = "901"

    /// `presence.updated` of `user` as the communities address it when every server in
    /// `memberLists` is large: the user's own sessions, plus the lists' watchers.
    static func publishPresence(_ bench: HubBench, of user: String, memberLists: [String: Set<String>]) {
        let event = PublishedEvent(type: "presence.updated", dataJSON: #"{"status":"online","userId":"\#(user)"}"#)
        bench.hub.publish(event, to: { $0 == user }, memberLists: memberLists, now: bench.now)
    }

    /// Frames each connection got (decoded), in order.
    static func framesByConnection(_ bench: HubBench) -> [EventConnectionID: [[String: Any]]] {
        var frames: [EventConnectionID: [[String: Any]]] = [:]
        for (id, frame, _) in bench.drain() { if let frame { frames[id, default: []].append(frame) } }
        return frames
    }

    /// Sends `watchMembers` for `server` and answers the hub's authorization with `refusal`.
    static func watch(_ bench: HubBench, _ id: EventConnectionID, _ server: String, refusal: String? = nil) -> [[String: Any]] {
        bench.hub.receive(#"{"op":"watchMembers","serverId":"\#(server)"}"#, on: id, now: bench.now)
        _ = bench.drain()
        bench.hub.watchDecided(on: id, serverID: server, refusal: refusal, now: bench.now)
        return framesByConnection(bench)[id] ?? []
    }

    @Test func largeServerPresenceReachesWatchersNotOtherMembers() throws {
        let bench = HubBench()
        let (ada, _) = bench.connect("ada")
        let (bob, _) = bench.connect("bob")
        let (cy, _) = bench.connect("cy")
        let answer = Self.watch(bench, cy, Self.large)
        #expect(bench.watchRequests.map(\.1) == ["cy"])
        #expect(bench.watchRequests.map(\.2) == [Self.large])
        #expect(answer.first?["op"] as? String == "watching")
        #expect(answer.first?["serverId"] as? String == Self.large)
        Self.publishPresence(bench, of: "ada", memberLists: [Self.large: ["ada", "bob", "cy"]])
        let frames = Self.framesByConnection(bench)
        #expect(frames[bob] == nil)  // a member who does not show the list hears nothing
        #expect(frames[cy]?.map { $0["type"] as? String } == ["presence.updated"])
        #expect(frames[ada]?.map { $0["type"] as? String } == ["presence.updated"])  // their own sessions
    }

    @Test func usersOutsideTheServerNeverHearEvenWhenWatching() {
        let bench = HubBench()
        let (bob, _) = bench.connect("bob")
        _ = Self.watch(bench, bob, Self.large)  // a stale watch: bob left since
        Self.publishPresence(bench, of: "ada", memberLists: [Self.large: ["ada", "cy"]])
        #expect(Self.framesByConnection(bench)[bob] == nil)
    }

    @Test func refusedWatchIsToldAndReceivesNothing() throws {
        let bench = HubBench()
        let (bob, _) = bench.connect("bob")
        let answer = Self.watch(bench, bob, Self.large, refusal: "Server not found.")
        #expect(answer.count == 1)
        #expect(answer.first?["op"] as? String == "watchRefused")
        #expect(answer.first?["serverId"] as? String == Self.large)
        #expect(answer.first?["reason"] as? String == "Server not found.")
        Self.publishPresence(bench, of: "ada", memberLists: [Self.large: ["ada", "bob"]])
        #expect(Self.framesByConnection(bench)[bob] == nil)
        #expect(bench.hub.connectionCount == 1)  // refused, not closed
    }

    @Test func anotherServerReplacesTheWatchAndNullStopsIt() {
        let bench = HubBench()
        let (bob, session) = bench.connect("bob")
        _ = Self.watch(bench, bob, Self.large)
        #expect(bench.hub.watchedServer(ofSession: session) == Self.large)
        bench.hub.receive(#"{"op":"watchMembers","serverId":"\#(Self.other)"}"#, on: bob, now: bench.now)
        #expect(bench.hub.watchedServer(ofSession: session) == nil)  // the old list stops at once
        // A late answer for a request since replaced changes nothing.
        bench.hub.watchDecided(on: bob, serverID: Self.large, refusal: nil, now: bench.now)
        #expect(bench.hub.watchedServer(ofSession: session) == nil)
        bench.hub.watchDecided(on: bob, serverID: Self.other, refusal: nil, now: bench.now)
        #expect(bench.hub.watchedServer(ofSession: session) == Self.other)
        _ = bench.drain()
        let lists: [String: Set<String>] = [Self.large: ["ada", "bob"], Self.other: ["ada", "bob"]]
        Self.publishPresence(bench, of: "ada", memberLists: [Self.large: ["ada", "bob"]])
        #expect(Self.framesByConnection(bench)[bob] == nil)
        Self.publishPresence(bench, of: "ada", memberLists: lists)
        #expect(Self.framesByConnection(bench)[bob]?.count == 1)
        bench.hub.receive(#"{"op":"watchMembers","serverId":null}"#, on: bob, now: bench.now)
        let stopped = Self.framesByConnection(bench)[bob]
        #expect(stopped?.first?["op"] as? String == "watching")
        #expect(stopped?.first.map { $0["serverId"] is NSNull } == true)
        Self.publishPresence(bench, of: "ada", memberLists: lists)
        #expect(Self.framesByConnection(bench)[bob] == nil)
    }

    @Test func requestsMadeWhileOneIsCheckedCollapseIntoTheLast() {
        let bench = HubBench()
        let (bob, session) = bench.connect("bob")
        for server in 1000..<1050 {
            bench.hub.receive(#"{"op":"watchMembers","serverId":"\#(server)"}"#, on: bob, now: bench.now)
        }
        _ = bench.drain()
        #expect(bench.watchRequests.map(\.2) == ["1000"])  // one check in flight per connection
        bench.hub.watchDecided(on: bob, serverID: "1000", refusal: nil, now: bench.now)
        _ = bench.drain()
        #expect(bench.watchRequests.map(\.2) == ["1000", "1049"])  // then only the latest is asked about
        #expect(bench.hub.watchedServer(ofSession: session) == nil)
        bench.hub.watchDecided(on: bob, serverID: "1049", refusal: nil, now: bench.now)
        #expect(Self.framesByConnection(bench)[bob]?.map { $0["serverId"] as? String } == ["1049"])
        #expect(bench.hub.watchedServer(ofSession: session) == "1049")
        bench.hub.watchDecided(on: bob, serverID: "1049", refusal: nil, now: bench.now)  // never asked again: ignored
        #expect(Self.framesByConnection(bench)[bob] == nil)
    }

    @Test func theWatchBelongsToTheSessionAndSurvivesResume() {
        let bench = HubBench()
        let (bob, session) = bench.connect("bob")
        _ = Self.watch(bench, bob, Self.large)
        bench.hub.disconnected(bob, now: bench.now)
        Self.publishPresence(bench, of: "ada", memberLists: [Self.large: ["ada", "bob"]])  // kept for resume
        let again = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"resume","token":"t-bob","session":"\#(session)","seq":0}"#, on: again, now: bench.now)
        #expect(Self.framesByConnection(bench)[again]?.map { $0["op"] as? String } == ["resumed", "event"])
        #expect(bench.hub.watchedServer(ofSession: session) == Self.large)
    }

    @Test(arguments: [
        (#"{"op":"watchMembers","serverId":"abc"}"#, "serverId"),
        (#"{"op":"watchMembers","serverId":""}"#, "serverId"),
        (#"{"op":"watchMembers","serverId":"123456789012345678901"}"#, "serverId"),
        (#"{"op":"watchMembers","serverId":900}"#, "JSON"),
    ])
    func badServerIdsClose4002(frame: String, named: String) {
        let bench = HubBench()
        let (bob, _) = bench.connect("bob")
        bench.hub.receive(frame, on: bob, now: bench.now)
        let closes = bench.drain().compactMap(\.2)
        #expect(closes.map(\.code) == [.badFrame])
        #expect(closes.first?.reason.contains(named) == true, "\(closes)")
        #expect(bench.watchRequests.isEmpty)
    }

    @Test func watchBeforeIdentifyCloses4002() {
        let bench = HubBench()
        let early = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"watchMembers","serverId":"900"}"#, on: early, now: bench.now)
        #expect(bench.drain().compactMap(\.2).map(\.code) == [.badFrame])
        #expect(bench.watchRequests.isEmpty)
    }
}
