import BeepEvents
import BeepWire
import Foundation
import Testing

/// A hub with two users ("ada" and "bob", tokens "t-ada" and "t-bob") in virtual time.
final class HubBench {
    var now = MonotonicTime(nanoseconds: 1_000_000_000)
    let hub: EventHub
    private var sessionNumber = 0
    /// `watchMembers` requests the hub handed to the driver: connection, user, server.
    var watchRequests: [(EventConnectionID, String, String)] = []

    init(limits: EventLimits = EventLimits()) {
        var counter = 0
        hub = EventHub(limits: limits, authenticate: { token in
            token.hasPrefix("t-") ? String(token.dropFirst(2)) : nil
        }, makeSessionID: {
            counter += 1
            return "s\(counter)"
        })
    }

    func advance(_ duration: Duration) {
        now = now + duration
        if let deadline = hub.pollTimeout(), deadline <= now { hub.handleTimeout(now: now) }
    }

    /// Every output so far, with sent frames decoded as JSON objects.
    func drain() -> [(EventConnectionID, [String: Any]?, EventProtocolError?)] {
        var result: [(EventConnectionID, [String: Any]?, EventProtocolError?)] = []
        while let output = hub.pollOutput() {
            switch output {
            case .send(let id, let text):
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                result.append((id, object, nil))
                hub.delivered(id)
            case .close(let id, let error):
                result.append((id, nil, error))
            case .authorizeWatch(let id, let user, let server):
                watchRequests.append((id, user, server))
            }
        }
        return result
    }

    func connect(_ user: String) -> (EventConnectionID, String) {
        let id = hub.open(now: now)
        hub.receive(#"{"op":"identify","token":"t-\#(user)"}"#, on: id, now: now)
        let ready = drain()
        let session = ready.first?.1?["session"] as? String ?? ""
        return (id, session)
    }

    func publish(_ text: String, to users: Set<String>) {
        let event = try? PublishedEvent(type: "message.created", data: ["content": text])
        if let event { hub.publish(event, to: { users.contains($0) }, now: now) }
    }
}

@Suite struct EventHubTests {
    @Test func identifyGetsReadyThenEventsInOrderFromOne() {
        let bench = HubBench()
        let id = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"identify","token":"t-ada"}"#, on: id, now: bench.now)
        let ready = bench.drain()
        #expect(ready.count == 1)
        #expect(ready[0].1?["op"] as? String == "ready")
        #expect(ready[0].1?["heartbeatMs"] as? Int == 30_000)
        bench.publish("one", to: ["ada"])
        bench.publish("two", to: ["ada"])
        let events = bench.drain()
        #expect(events.map { $0.1?["seq"] as? Int } == [1, 2])
        #expect((events[1].1?["data"] as? [String: String])?["content"] == "two")
        #expect(events[0].1?["type"] as? String == "message.created")
    }

    @Test func eventsReachOnlyTheAudienceAtPublishTime() {
        let bench = HubBench()
        let (ada, _) = bench.connect("ada")
        let (bob, _) = bench.connect("bob")
        bench.publish("for both", to: ["ada", "bob"])
        bench.publish("bob was removed from the channel", to: ["ada"])
        let frames = bench.drain()
        #expect(frames.filter { $0.0 == ada }.count == 2)
        #expect(frames.filter { $0.0 == bob }.count == 1)
    }

    @Test func resumeReplaysExactlyTheMissedEvents() {
        let bench = HubBench()
        let (first, session) = bench.connect("ada")
        bench.publish("1", to: ["ada"])
        _ = bench.drain()
        bench.hub.disconnected(first, now: bench.now)
        bench.publish("2", to: ["ada"])
        bench.publish("3", to: ["ada"])
        #expect(bench.drain().isEmpty)  // nobody connected: kept, not sent
        bench.advance(.seconds(20))
        let second = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"resume","token":"t-ada","session":"\#(session)","seq":1}"#, on: second, now: bench.now)
        let frames = bench.drain()
        #expect(frames.map { $0.1?["op"] as? String } == ["resumed", "event", "event"])
        #expect(frames[0].1?["replayed"] as? Int == 2)
        #expect(frames.dropFirst().map { $0.1?["seq"] as? Int } == [2, 3])
        bench.publish("4", to: ["ada"])
        #expect(bench.drain().map { $0.1?["seq"] as? Int } == [4])
    }

    @Test(arguments: [
        (#"{"op":"resume","token":"t-bob","session":"s1","seq":0}"#, "another user's session"),
        (#"{"op":"resume","token":"t-ada","session":"nope","seq":0}"#, "an unknown session"),
        (#"{"op":"resume","token":"t-ada","session":"s1","seq":99}"#, "a sequence number ahead of the session"),
    ])
    func resumeIsRefusedWithInvalidSession(frame: String, what: String) {
        let bench = HubBench()
        let (first, _) = bench.connect("ada")
        bench.hub.disconnected(first, now: bench.now)
        let second = bench.hub.open(now: bench.now)
        bench.hub.receive(frame, on: second, now: bench.now)
        let frames = bench.drain()
        #expect(frames.count == 1, "\(what)")
        #expect(frames.first?.1?["op"] as? String == "invalidSession", "\(what)")
        // The connection stays open for a fresh identify.
        bench.hub.receive(#"{"op":"identify","token":"t-ada"}"#, on: second, now: bench.now)
        #expect(bench.drain().first?.1?["op"] as? String == "ready")
    }

    @Test func resumeFailsOnceTheBufferNoLongerHoldsTheGap() {
        var limits = EventLimits()
        limits.resumeBufferEvents = 3
        let bench = HubBench(limits: limits)
        let (first, session) = bench.connect("ada")
        bench.hub.disconnected(first, now: bench.now)
        for index in 1...5 { bench.publish("\(index)", to: ["ada"]) }
        let late = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"resume","token":"t-ada","session":"\#(session)","seq":1}"#, on: late, now: bench.now)
        #expect(bench.drain().first?.1?["op"] as? String == "invalidSession")  // event 2 was dropped
        let timely = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"resume","token":"t-ada","session":"\#(session)","seq":2}"#, on: timely, now: bench.now)
        #expect(bench.drain().compactMap { $0.1?["seq"] as? Int } == [3, 4, 5])
    }

    @Test func sessionsExpireAfterTheResumeWindow() {
        let bench = HubBench()
        let (first, session) = bench.connect("ada")
        bench.hub.disconnected(first, now: bench.now)
        #expect(bench.hub.sessionCount == 1)
        bench.advance(.seconds(301))
        #expect(bench.hub.sessionCount == 0)
        let again = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"resume","token":"t-ada","session":"\#(session)","seq":0}"#, on: again, now: bench.now)
        #expect(bench.drain().first?.1?["op"] as? String == "invalidSession")
    }

    @Test func aSecondConnectionTakesTheSessionOver() {
        let bench = HubBench()
        let (first, session) = bench.connect("ada")
        let second = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"resume","token":"t-ada","session":"\#(session)","seq":0}"#, on: second, now: bench.now)
        let frames = bench.drain()
        #expect(frames.contains { $0.0 == first && $0.2?.code == .sessionTakenOver })
        #expect(frames.contains { $0.0 == second && $0.1?["op"] as? String == "resumed" })
        bench.publish("x", to: ["ada"])
        #expect(bench.drain().map(\.0) == [second])
    }

    @Test func silenceAfterConnectingClosesWith4003() {
        let bench = HubBench()
        let id = bench.hub.open(now: bench.now)
        bench.advance(.seconds(9))
        #expect(bench.drain().isEmpty)
        bench.advance(.seconds(2))
        let frames = bench.drain()
        #expect(frames.count == 1 && frames[0].0 == id && frames[0].2?.closeCode == 4003)
    }

    @Test func heartbeatsKeepALiveConnectionAndSilenceClosesWith4009() {
        let bench = HubBench()
        let (id, _) = bench.connect("ada")
        for _ in 0..<4 {
            bench.advance(.seconds(30))
            bench.hub.receive(#"{"op":"heartbeat","seq":0}"#, on: id, now: bench.now)
            #expect(bench.drain().first?.1?["op"] as? String == "heartbeatAck")
        }
        bench.advance(.seconds(61))
        #expect(bench.drain().first?.2?.code == .heartbeatTimeout)
        #expect(bench.hub.sessionCount == 1)  // still resumable
        #expect(bench.hub.connectionCount == 0)
    }

    @Test func aSlowClientIsCutOffNotBuffered() {
        var limits = EventLimits()
        limits.maximumQueuedEvents = 10
        let bench = HubBench(limits: limits)
        let (id, _) = bench.connect("ada")
        for index in 0..<20 { bench.publish("\(index)", to: ["ada"]) }
        // The driver wrote nothing: the eleventh queued event closes the connection.
        var sent = 0
        var closed: EventProtocolError?
        while let output = bench.hub.pollOutput() {
            switch output {
            case .send: sent += 1
            case .close(let closedID, let error): if closedID == id { closed = error }
            case .authorizeWatch: break
            }
        }
        #expect(sent == 10)
        #expect(closed?.code == .slowConsumer)
        #expect(bench.hub.sessionCount == 1)
    }

    @Test(arguments: [
        ("not json", "not a JSON object"),
        (#"{"token":"t-ada"}"#, "'op'"),
        (#"{"op":"identify"}"#, "'token'"),
        (#"{"op":"resume","token":"t-ada","session":"s"}"#, "'seq'"),
        (#"{"op":"resume","token":"t-ada","session":"s","seq":-1}"#, "not a JSON object"),
        (#"{"op":"dance"}"#, "unknown op"),
        (#"{"op":"heartbeat","seq":0}"#, "before identify"),
    ])
    func badFramesCloseWith4002NamingTheProblem(frame: String, reason: String) {
        let bench = HubBench()
        let id = bench.hub.open(now: bench.now)
        bench.hub.receive(frame, on: id, now: bench.now)
        let frames = bench.drain()
        #expect(frames.count == 1)
        #expect(frames.first?.2?.closeCode == 4002)
        #expect(frames.first?.2?.reason.contains(reason) == true, "\(frames.first?.2?.reason ?? "")")
    }

    @Test func oversizedFramesAndBadTokensAreRefused() {
        let bench = HubBench()
        let big = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"identify","token":""# + String(repeating: "x", count: 20_000) + #""}"#, on: big, now: bench.now)
        let stranger = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"identify","token":"forged"}"#, on: stranger, now: bench.now)
        let binary = bench.hub.open(now: bench.now)
        bench.hub.receiveBinary(on: binary, now: bench.now)
        let codes = Dictionary(uniqueKeysWithValues: bench.drain().map { ($0.0, $0.2?.closeCode) })
        #expect(codes[big] == 4002)
        #expect(codes[stranger] == 4001)
        #expect(codes[binary] == 4002)
    }

    @Test func randomFramesNeverTrap() {
        var generator = SplitMix64(seed: 7)
        let bench = HubBench()
        let pieces = ["{", "}", "\"op\"", ":", "\"identify\"", "\"resume\"", "\"seq\"", "1", ",", "\"token\"", "\"t-ada\"",
                      "[", "]", "null", "\u{0}", "é", "18446744073709551616"]
        for _ in 0..<2_000 {
            let id = bench.hub.open(now: bench.now)
            let length = Int(generator.next() % 12)
            let text = (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            bench.hub.receive(text, on: id, now: bench.now)
            _ = bench.drain()
            bench.hub.disconnected(id, now: bench.now)
        }
        #expect(bench.hub.connectionCount == 0)
    }

    @Test func onlineUsersFollowLiveConnections() {
        let bench = HubBench()
        #expect(bench.hub.onlineUsers.isEmpty)
        let (first, session) = bench.connect("ada")
        let (second, _) = bench.connect("ada")
        let (bob, _) = bench.connect("bob")
        #expect(bench.hub.onlineUsers == ["ada", "bob"])
        let version = bench.hub.presenceVersion
        bench.hub.disconnected(first, now: bench.now)
        #expect(bench.hub.onlineUsers == ["ada", "bob"])  // still one connection
        #expect(bench.hub.presenceVersion == version)
        bench.hub.disconnected(second, now: bench.now)
        #expect(bench.hub.onlineUsers == ["bob"])
        #expect(bench.hub.presenceVersion != version)
        bench.advance(.seconds(61))  // bob's heartbeat silence closes him (4009)
        #expect(bench.hub.onlineUsers.isEmpty)
        _ = bench.drain()
        let back = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"resume","token":"t-ada","session":"\#(session)","seq":0}"#, on: back, now: bench.now)
        #expect(bench.hub.onlineUsers == ["ada"])
        _ = bob
    }
}
