import BeepBWE
import BeepWire
import Testing

/// The estimator against a simulated bottleneck in virtual time: how fast it follows steps
/// of capacity (draft-ietf-rmcat-gcc-02 §5 delay-based, §6 loss-based). The measured times
/// are printed for docs/performance.md.
@Suite("Send-side estimator convergence in virtual time (draft-ietf-rmcat-gcc-02)")
struct BWEConvergenceTests {
    static func simulation(capacity: BitsPerSecond, loss: Double = 0, desired: BitsPerSecond? = 5_000_000)
        -> BWESimulation {
        var simulation = BWESimulation(
            estimator: SendSideBandwidthEstimator(configuration: .init(startBitrate: 300_000)),
            link: BottleneckLink(capacity: capacity, randomLoss: loss, seed: 42))
        simulation.desired = desired
        return simulation
    }

    @Test("§5.5: after a drop from 2.5 to 1 Mbit/s the target falls under 1.1 Mbit/s within 2 s and stays near capacity")
    func adaptsAfterDrop() {
        var simulation = Self.simulation(capacity: 2_500_000)
        let drop = at(seconds: 30)
        simulation.run(until: at(seconds: 60)) { $0 < drop ? 2_500_000 : 1_000_000 }
        let rampUp = simulation.firstTime(after: .zero) { $0 >= 2_000_000 }
        let down = simulation.firstTime(after: drop) { $0 <= 1_100_000 }
        let steadyMean = simulation.meanTarget(in: at(seconds: 35)..<at(seconds: 60))
        let before = simulation.meanTarget(in: at(seconds: 20)..<drop)
        print("BWE figures: ramp-up to 80% of 2.5 Mbit/s: \(rampUp.map { "\($0)" } ?? "never"); "
            + "drop 2.5 -> 1 Mbit/s adapted in \(down.map { "\($0)" } ?? "never"); "
            + "mean before drop \(Int(before)) bit/s, after \(Int(steadyMean)) bit/s")
        #expect(rampUp.map { $0 <= .seconds(10) } == true)
        #expect(before >= 0.7 * 2_500_000 && before <= 1.1 * 2_500_000)
        #expect(down.map { $0 <= .seconds(2) } == true)
        #expect(steadyMean >= 0.7 * 1_000_000 && steadyMean <= 1.1 * 1_000_000)
        #expect(simulation.maxTarget(in: at(seconds: 35)..<at(seconds: 60)) <= 1_300_000)
    }

    @Test("§5.5 + probing: after a rise from 1 to 2.5 Mbit/s the target reaches 2 Mbit/s within 5 s")
    func adaptsAfterRise() {
        var simulation = Self.simulation(capacity: 1_000_000)
        let rise = at(seconds: 30)
        simulation.run(until: at(seconds: 60)) { $0 < rise ? 1_000_000 : 2_500_000 }
        let before = simulation.meanTarget(in: at(seconds: 10)..<rise)
        let up = simulation.firstTime(after: rise) { $0 >= 2_000_000 }
        let after = simulation.meanTarget(in: at(seconds: 50)..<at(seconds: 60))
        print("BWE figures: rise 1 -> 2.5 Mbit/s reached 80% in \(up.map { "\($0)" } ?? "never"); "
            + "mean before \(Int(before)) bit/s, after \(Int(after)) bit/s; probes sent: \(simulation.probeClusters.count)")
        #expect(before >= 0.7 * 1_000_000 && before <= 1.1 * 1_000_000)
        #expect(up.map { $0 <= .seconds(5) } == true)
        #expect(after >= 0.7 * 2_500_000)
    }

    @Test("§6: 5 % random loss keeps the estimate near capacity; 25 % loss pulls it down")
    func randomLoss() {
        var light = Self.simulation(capacity: 1_500_000, loss: 0.05)
        light.run(until: at(seconds: 30)) { _ in 1_500_000 }
        let lightMean = light.meanTarget(in: at(seconds: 15)..<at(seconds: 30))
        var heavy = Self.simulation(capacity: 1_500_000, loss: 0.25)
        heavy.run(until: at(seconds: 30)) { _ in 1_500_000 }
        let heavyMean = heavy.meanTarget(in: at(seconds: 15)..<at(seconds: 30))
        print("BWE figures: 1.5 Mbit/s with 5% loss: mean \(Int(lightMean)) bit/s; with 25% loss: \(Int(heavyMean)) bit/s")
        #expect(lightMean >= 0.6 * 1_500_000)
        #expect(heavyMean <= 0.5 * 1_500_000)
        #expect(heavy.estimator.estimate.lossFraction > 0.1)
    }

    @Test("Probing: a probe at the start finds the capacity faster than additive/multiplicative increase")
    func startProbe() {
        var simulation = Self.simulation(capacity: 3_000_000)
        simulation.run(until: at(seconds: 3)) { _ in 3_000_000 }
        let first = simulation.probeResults.first
        #expect(first != nil)
        #expect(simulation.probeClusters.first?.targetBitrate == 900_000)
        #expect(first.map { $0.reachedTarget && $0.measuredBitrate >= 800_000 } == true)
        #expect(simulation.estimator.targetBitrate >= 1_200_000)
    }
}
