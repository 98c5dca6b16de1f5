import BeepSFU
import BeepWire
import Testing

/// Time hysteresis on layer switches: down at once, up only after a hold time or a probe,
/// never two switches closer than the minimum interval when the second goes up.
@Suite("Layer switch policy")
struct LayerSwitchPolicyTests {
    static func at(_ seconds: Double) -> MonotonicTime { MonotonicTime(nanoseconds: Int64(seconds * 1e9)) }
    static let low = SimulcastLayer(spatial: 0, temporal: 2)
    static let mid = SimulcastLayer(spatial: 1, temporal: 2)
    static let high = SimulcastLayer(spatial: 2, temporal: 2)

    @Test("Down is immediate; up waits for the hold time and the minimum interval")
    func downAtOnceUpAfterHold() {
        var policy = LayerSwitchPolicy(initial: Self.high)
        #expect(policy.update(proposed: Self.low, now: Self.at(10)) == .some(Self.low))
        #expect(policy.update(proposed: Self.mid, now: Self.at(11)) == nil)    // pending
        #expect(policy.update(proposed: Self.mid, now: Self.at(13.5)) == nil)  // held 2.5 s but 3.5 s since switch
        #expect(policy.update(proposed: Self.mid, now: Self.at(14)) == .some(Self.mid))
        #expect(policy.current == Self.mid)
        #expect(policy.update(proposed: nil, now: Self.at(14.1)) == .some(nil))  // pause at once
        #expect(policy.switchCount == 3)
    }

    @Test("With a re-upgrade backoff, a layer just left is not retried before it ends, probe or not")
    func reupgradeBackoff() {
        var policy = LayerSwitchPolicy(configuration: .init(reupgradeBackoff: .seconds(8)), initial: Self.mid)
        #expect(policy.update(proposed: Self.low, now: Self.at(0)) == .some(Self.low))   // left mid at 0
        _ = policy.update(proposed: Self.mid, now: Self.at(1))
        policy.probeSucceeded()
        #expect(policy.update(proposed: Self.mid, now: Self.at(5)) == nil)   // held and spaced, but backoff
        #expect(policy.update(proposed: Self.high, now: Self.at(7.9)) == nil)
        #expect(policy.update(proposed: Self.mid, now: Self.at(8)) == .some(Self.mid))
        // Resuming from a pause is exempt: video comes back as soon as the hold allows.
        var paused = LayerSwitchPolicy(configuration: .init(reupgradeBackoff: .seconds(8)), initial: Self.low)
        #expect(paused.update(proposed: nil, now: Self.at(0)) == .some(nil))
        _ = paused.update(proposed: Self.low, now: Self.at(0.5))
        #expect(paused.update(proposed: Self.low, now: Self.at(4)) == .some(Self.low))
        // Without the backoff (the default) the same sequence moves up at 5 s.
        var plain = LayerSwitchPolicy(initial: Self.mid)
        _ = plain.update(proposed: Self.low, now: Self.at(0))
        _ = plain.update(proposed: Self.mid, now: Self.at(1))
        #expect(plain.update(proposed: Self.mid, now: Self.at(5)) == .some(Self.mid))
    }

    @Test("A successful probe lets an upgrade skip the hold time, not the minimum interval")
    func probeShortensHold() {
        var policy = LayerSwitchPolicy(initial: Self.low)
        #expect(policy.update(proposed: Self.high, now: Self.at(1)) == nil)       // pending, not held
        policy.probeSucceeded()
        #expect(policy.update(proposed: Self.high, now: Self.at(1.1)) == .some(Self.high))  // no earlier switch
        var policyAfterSwitch = LayerSwitchPolicy(initial: Self.mid)
        _ = policyAfterSwitch.update(proposed: Self.low, now: Self.at(0))       // switch at 0
        #expect(policyAfterSwitch.update(proposed: Self.mid, now: Self.at(4.2)) == nil)
        policyAfterSwitch.probeSucceeded()
        #expect(policyAfterSwitch.update(proposed: Self.mid, now: Self.at(4.3)) == .some(Self.mid))
    }

    @Test("An estimate wobbling ±10 % around a layer boundary for 60 s causes no oscillation")
    func steadyCapacityNoOscillation() {
        let table = LayerAllocatorTests.table
        let allocator = LayerAllocator()
        var policy = LayerSwitchPolicy()
        var switches: [(time: Double, layer: SimulcastLayer?)] = []
        // 0.95 Mbit/s ±10 %, a sawtooth with a 3 s period like an AIMD estimate: S2T0 (0.9 M)
        // fits at the top (1.045 M, above the 1.035 M an upgrade needs) but not at the bottom.
        for step in 0..<600 {
            let time = Double(step) / 10
            let phase = time.truncatingRemainder(dividingBy: 3) / 3
            let estimate = Int64(950_000 * (0.9 + 0.2 * phase))
            let request = LayerAllocationRequest(consumer: ConsumerID(1), media: .video(table), current: policy.current)
            let proposal = allocator.allocate(budget: estimate, requests: [request]).allocations.first?.layer
            if let change = policy.update(proposed: proposal, now: Self.at(time)) { switches.append((time, change)) }
        }
        // One start (to S1T2 after the 2 s hold), then it stays: S2T0 with its margin would
        // need 1.035 M for 2 s, which the sawtooth never holds, and S1T2 always fits.
        #expect(switches.count == 1)
        #expect(switches.first?.layer == Self.mid)
        #expect(switches.allSatisfy { $0.time <= 2.5 })
        for (first, second) in zip(switches, switches.dropFirst()) where LayerSwitchPolicy.isUpgrade(second.layer, over: first.layer) {
            #expect(second.time - first.time >= 4)
        }
    }
}
