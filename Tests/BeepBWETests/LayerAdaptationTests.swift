import BeepBWE
import BeepSFU
import BeepWire
import Testing

/// The estimator and the SFU's ``SubscriberLayerController`` (allocator + switch policy)
/// together on a simulated bottleneck in virtual time: a subscriber of one simulcast video
/// (3 encodings × 3 temporal layers) and one audio track, whose capacity steps
/// 3 → 0.4 → 3 Mbit/s. The sender sends only what the allocation holds (application-limited),
/// so moving up depends on probing.
@Suite("Layer adaptation to capacity steps in virtual time")
struct LayerAdaptationTests {
    static let table = SimulcastLayerTable(encodings: [
        SimulcastEncoding(rid: "q", ssrc: 1, temporalBitrates: [100_000, 150_000, 200_000]),
        SimulcastEncoding(rid: "h", ssrc: 2, temporalBitrates: [300_000, 450_000, 600_000]),
        SimulcastEncoding(rid: "f", ssrc: 3, temporalBitrates: [900_000, 1_200_000, 1_500_000]),
    ])
    static let audioBitrate: BitsPerSecond = 40_000
    static let video = ConsumerID(2)

    struct Trace {
        var layers: [(time: Double, layer: SimulcastLayer?)] = []
        var switches: [(time: Double, layer: SimulcastLayer?)] = []

        func firstTime(after start: Double, where condition: (SimulcastLayer?) -> Bool) -> Double? {
            layers.first { $0.time >= start && condition($0.layer) }.map { $0.time - start }
        }
    }

    static func seconds(_ value: Double?) -> String {
        value.map { "\(($0 * 10).rounded() / 10) s" } ?? "never"
    }

    static func describe(_ trace: Trace) -> String {
        trace.switches.map { "\(($0.time * 10).rounded() / 10)s:\($0.layer.map { "\($0)" } ?? "paused")" }
            .joined(separator: " ")
    }

    static func run(capacity: @escaping (Double) -> BitsPerSecond, seconds: Int,
                    controller initial: SubscriberLayerController = SubscriberLayerController()) -> Trace {
        var simulation = BWESimulation(estimator: SendSideBandwidthEstimator(configuration: .init(startBitrate: 300_000)),
                                       link: BottleneckLink(capacity: capacity(0), seed: 7))
        var controller = initial
        var trace = Trace()
        var seenProbeResults = 0
        for step in 0..<(seconds * 10) {
            let time = Double(step) / 10
            simulation.run(until: at(seconds: time + 0.1)) { capacity(Double($0.nanoseconds) / 1e9) }
            if simulation.probeResults.dropFirst(seenProbeResults).contains(where: \.reachedTarget) {
                controller.probeSucceeded()
            }
            seenProbeResults = simulation.probeResults.count
            let requests = [
                LayerAllocationRequest(consumer: ConsumerID(1), media: .audio(bitrate: audioBitrate)),
                LayerAllocationRequest(consumer: video, media: .video(table)),
            ]
            let decision = controller.update(estimate: simulation.estimator.targetBitrate, requests: requests,
                                             now: at(seconds: time + 0.1))
            for change in decision.changes { trace.switches.append((time + 0.1, change.layer)) }
            simulation.desired = decision.desiredBitrate
            let layer = controller.layer(of: video)
            simulation.mediaBitrate = audioBitrate + (layer.flatMap { table.bitrate(of: $0) } ?? 0)
            trace.layers.append((time + 0.1, layer))
        }
        return trace
    }

    @Test("Capacity 3 → 0.4 → 3 Mbit/s: top layer, then at most S1T0 within 3 s, then the top layer again")
    func stepsDownAndUp() {
        let top = SimulcastLayer(spatial: 2, temporal: 2)
        // 0.4 Mbit/s holds at most 40 k audio + S1T0 (300 k).
        let low = SimulcastLayer(spatial: 1, temporal: 0)
        let trace = Self.run(capacity: { $0 < 20 ? 3_000_000 : ($0 < 40 ? 400_000 : 3_000_000) }, seconds: 70)
        let start = trace.firstTime(after: 0) { $0 == top }
        let down = trace.firstTime(after: 20) { layer in layer.map { $0 <= low } ?? true }
        let up = trace.firstTime(after: 40) { $0 == top }
        print("Layer figures: start to S2T2 in \(Self.seconds(start)); 3 -> 0.4 Mbit/s: at or below S1T0 in "
            + "\(Self.seconds(down)); 0.4 -> 3 Mbit/s: back to S2T2 in \(Self.seconds(up)); switches: \(Self.describe(trace))")
        #expect(start.map { $0 <= 8 } == true)
        #expect(down.map { $0 <= 3 } == true)
        #expect(up.map { $0 <= 8 } == true)
        // Steady phases: nothing above S1T0 while the capacity is low; after the first 3 s of
        // each phase at most one more switch (settling), and upward switches at least 4 s
        // after the previous switch.
        let lowPhase = trace.layers.filter { $0.time >= 23 && $0.time < 40 }
        #expect(lowPhase.allSatisfy { $0.layer.map { $0 <= low } ?? true })
        for phase in [(3.0, 20.0), (23.0, 40.0), (43.0, 70.0)] {
            #expect(trace.switches.filter { $0.time >= phase.0 && $0.time < phase.1 }.count <= 1)
        }
        for (first, second) in zip(trace.switches, trace.switches.dropFirst())
        where LayerSwitchPolicy.isUpgrade(second.layer, over: first.layer) {
            #expect(second.time - first.time >= 4)
        }
        // Never video paused with 400 kbit/s: S0T0 fits.
        #expect(lowPhase.allSatisfy { $0.layer != nil })
    }

    @Test("Steady 1 Mbit/s for 60 s: no switch after the start-up")
    func steadyCapacity() {
        let trace = Self.run(capacity: { _ in 1_000_000 }, seconds: 60)
        print("Layer figures: steady 1 Mbit/s switches: \(Self.describe(trace))")
        for (first, second) in zip(trace.switches, trace.switches.dropFirst())
        where LayerSwitchPolicy.isUpgrade(second.layer, over: first.layer) {
            #expect(second.time - first.time >= 4)
        }
        #expect(!trace.switches.contains { $0.time >= 15 })
        #expect(trace.layers.last?.layer == SimulcastLayer(spatial: 1, temporal: 2))
    }

    /// The call server's controller (RoomWorker: full frame rate above the base encoding, 8 s
    /// re-upgrade backoff) on the issue's must-show path: 3 → 0.3 → 3 Mbit/s.
    static let callServerController = SubscriberLayerController(
        allocator: LayerAllocator(fullFrameRateAboveBase: true),
        policyConfiguration: LayerSwitchPolicy.Configuration(reupgradeBackoff: .seconds(8)))

    @Test("Call server's controller, 3 → 0.3 → 3 Mbit/s: top layer, q at full frame rate within 3 s and no higher while capped, top again within 12 s")
    func callServerStepsToLowLayer() {
        let top = SimulcastLayer(spatial: 2, temporal: 2)
        let trace = Self.run(capacity: { $0 < 20 ? 3_000_000 : ($0 < 40 ? 300_000 : 3_000_000) }, seconds: 70,
                             controller: Self.callServerController)
        let start = trace.firstTime(after: 0) { $0 == top }
        let down = trace.firstTime(after: 20) { $0?.spatial == 0 }
        let up = trace.firstTime(after: 40) { $0 == top }
        print("Layer figures (call server): start to S2T2 in \(Self.seconds(start)); 3 -> 0.3 Mbit/s: on q in "
            + "\(Self.seconds(down)); 0.3 -> 3 Mbit/s: back to S2T2 in \(Self.seconds(up)); switches: \(Self.describe(trace))")
        #expect(start.map { $0 <= 8 } == true)
        #expect(down.map { $0 <= 3 } == true)
        #expect(up.map { $0 <= 12 } == true)
        // While capped: only q (any temporal layer; never h at a reduced frame rate), never paused,
        // and at most one switch once settled.
        let lowPhase = trace.layers.filter { $0.time >= 23 && $0.time < 40 }
        #expect(lowPhase.allSatisfy { $0.layer?.spatial == 0 })
        #expect(trace.switches.filter { $0.time >= 23 && $0.time < 40 }.count <= 1)
        // Above q only full frame rates are ever chosen.
        #expect(trace.layers.allSatisfy { entry in entry.layer.map { $0.spatial == 0 || $0.temporal == 2 } ?? true })
    }
}
