import BeepEvents
import Testing

/// Presence on the events stream (docs/events.md, "Presence"): online with an active
/// connection, idle when every connection said idle, offline with none.
@Suite struct EventHubPresenceTests {
    @Test func idleNeedsEveryConnectionIdleAndOfflineNeedsNone() {
        let bench = HubBench()
        #expect(bench.hub.presence(of: "ada") == .offline)
        let (phone, _) = bench.connect("ada")
        let (laptop, _) = bench.connect("ada")
        #expect(bench.hub.presence(of: "ada") == .online)
        var version = bench.hub.presenceVersion
        bench.hub.receive(#"{"op":"presence","status":"idle"}"#, on: phone, now: bench.now)
        #expect(bench.hub.presence(of: "ada") == .online)  // the laptop is still active
        #expect(bench.hub.presenceVersion == version)
        bench.hub.receive(#"{"op":"presence","status":"idle"}"#, on: laptop, now: bench.now)
        #expect(bench.hub.presence(of: "ada") == .idle)
        #expect(bench.hub.presence == ["ada": .idle])
        #expect(bench.hub.presenceVersion != version)
        version = bench.hub.presenceVersion
        bench.hub.receive(#"{"op":"presence","status":"idle"}"#, on: laptop, now: bench.now)  // repeated: no change
        #expect(bench.hub.presenceVersion == version)
        bench.hub.receive(#"{"op":"presence","status":"online"}"#, on: laptop, now: bench.now)
        #expect(bench.hub.presence(of: "ada") == .online)
        bench.hub.disconnected(laptop, now: bench.now)  // the idle phone is left
        #expect(bench.hub.presence(of: "ada") == .idle)
        bench.hub.disconnected(phone, now: bench.now)
        #expect(bench.hub.presence(of: "ada") == .offline)
        #expect(bench.hub.presence.isEmpty)
        #expect(bench.drain().allSatisfy { $0.2 == nil })  // presence frames are never answered or refused
    }

    @Test func presenceBeforeIdentifyOrWithABadStatusCloses4002() {
        let bench = HubBench()
        let early = bench.hub.open(now: bench.now)
        bench.hub.receive(#"{"op":"presence","status":"idle"}"#, on: early, now: bench.now)
        #expect(bench.drain().compactMap { $0.2 }.map(\.code) == [.badFrame])
        let (live, _) = bench.connect("bob")
        bench.hub.receive(#"{"op":"presence","status":"offline"}"#, on: live, now: bench.now)
        let closes = bench.drain().compactMap { $0.2 }
        #expect(closes.map(\.code) == [.badFrame])
        #expect(closes.first?.reason.contains("status") == true)
        #expect(bench.hub.presence(of: "bob") == .offline)
    }
}
