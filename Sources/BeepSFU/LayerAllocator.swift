/// Divides one subscriber's bandwidth estimate across its consumers (pure function, no state).
///
/// 1. Audio is always allocated first and never paused (it may exceed the budget).
/// 2. Video in priority order (screen share, active speaker, others; then creation order):
///    each gets its lowest allowed layer if it fits, otherwise it is paused.
/// 3. Still in priority order, class by class, the consumers of a class are raised one layer
///    at a time, round robin, while the next layer fits; a class is served fully before the
///    next one gets more.
///
/// Allowed layers are those within both the subscriber's requested maximum and the operator's
/// cap. Hysteresis against oscillation: moving a consumer above the layer it forwards now
/// (``LayerAllocationRequest/current``) costs the next layer's bitrate times
/// `1 + upgradeMargin`, while keeping or lowering costs the plain bitrate; so an estimate that
/// wobbles around a layer boundary does not flip the choice.
///
/// With ``fullFrameRateAboveBase`` the temporal layers fine-tune only the lowest spatial
/// layer: an encoding above it is taken with all its temporal layers or not at all, so a
/// narrow path gets the small picture at its full frame rate rather than a larger one at a
/// quarter of it (the simulcast must-show of issue 5: a 300 kbit/s subscriber gets `q`).
public struct LayerAllocator: Sendable, Hashable {
    /// Extra share of a layer's bitrate the budget must cover to move up to it.
    public var upgradeMargin: Double
    /// Whether encodings above the lowest allowed one are used only at their full frame rate.
    public var fullFrameRateAboveBase: Bool

    /// An allocator; the default margin is 15 %, every temporal layer of every encoding usable.
    public init(upgradeMargin: Double = 0.15, fullFrameRateAboveBase: Bool = false) {
        self.upgradeMargin = max(0, upgradeMargin)
        self.fullFrameRateAboveBase = fullFrameRateAboveBase
    }

    /// Allocates `budget` bits per second across `requests`.
    public func allocate(budget: Int64, requests: [LayerAllocationRequest]) -> LayerAllocationResult {
        var remaining = budget
        var chosen: [SimulcastLayer?] = Array(repeating: nil, count: requests.count)
        var reserved: [Int64] = Array(repeating: 0, count: requests.count)
        var desired: Int64 = 0
        var ladders: [[SimulcastLayer]] = Array(repeating: [], count: requests.count)
        var positions: [Int] = Array(repeating: -1, count: requests.count)

        for (index, request) in requests.enumerated() {
            switch request.media {
            case .audio(let bitrate):
                reserved[index] = max(0, bitrate)
                remaining -= reserved[index]
                desired += reserved[index]
            case .video(let table):
                ladders[index] = ladder(of: table, cap: request.cap)
                if let top = ladders[index].last, let rate = table.bitrate(of: top) {
                    desired += cost(of: top, rate: rate, current: request.current)
                }
            }
        }
        let videoOrder = requests.indices.filter { !ladders[$0].isEmpty }
            .sorted { (requests[$0].priority, $0) < (requests[$1].priority, $1) }

        for index in videoOrder {
            guard case .video(let table) = requests[index].media, let lowest = ladders[index].first,
                  let rate = table.bitrate(of: lowest) else { continue }
            if cost(of: lowest, rate: rate, current: requests[index].current) <= remaining {
                positions[index] = 0
                chosen[index] = lowest
                reserved[index] = rate
                remaining -= rate
            }
        }

        var classStart = 0
        while classStart < videoOrder.count {
            let priority = requests[videoOrder[classStart]].priority
            var classEnd = classStart
            while classEnd < videoOrder.count, requests[videoOrder[classEnd]].priority == priority { classEnd += 1 }
            var raised = true
            while raised {
                raised = false
                for index in videoOrder[classStart..<classEnd] where positions[index] >= 0 {
                    guard case .video(let table) = requests[index].media else { continue }
                    let next = positions[index] + 1
                    guard next < ladders[index].count else { continue }
                    let layer = ladders[index][next]
                    guard let rate = table.bitrate(of: layer) else { continue }
                    let extra = cost(of: layer, rate: rate, current: requests[index].current) - reserved[index]
                    guard extra <= remaining else { continue }
                    positions[index] = next
                    chosen[index] = layer
                    remaining -= rate - reserved[index]
                    reserved[index] = rate
                    raised = true
                }
            }
            classStart = classEnd
        }

        let allocations = requests.indices.map { index in
            LayerAllocation(consumer: requests[index].consumer, layer: chosen[index], bitrate: reserved[index])
        }
        return LayerAllocationResult(allocations: allocations, allocatedBitrate: reserved.reduce(0, +),
                                     desiredBitrate: desired)
    }

    /// The layers a consumer may take, lowest first (see ``fullFrameRateAboveBase``).
    private func ladder(of table: SimulcastLayerTable, cap: SimulcastLayer?) -> [SimulcastLayer] {
        let layers = table.ladder(cap: cap)
        guard fullFrameRateAboveBase, let base = layers.first?.spatial else { return layers }
        var top: [Int: Int] = [:]
        for layer in layers { top[layer.spatial] = max(top[layer.spatial] ?? 0, layer.temporal) }
        return layers.filter { $0.spatial == base || $0.temporal == top[$0.spatial] }
    }

    /// What taking `layer` costs against the budget: its rate, plus the margin when it is
    /// above the layer forwarded now.
    private func cost(of layer: SimulcastLayer, rate: Int64, current: SimulcastLayer?) -> Int64 {
        let isUpgrade = current.map { layer > $0 } ?? true
        return isUpgrade ? Int64((Double(rate) * (1 + upgradeMargin)).rounded()) : rate
    }
}
