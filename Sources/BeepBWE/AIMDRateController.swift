import BeepWire

/// The delay-based rate controller (draft-ietf-rmcat-gcc-02 §5.5): a three-state machine
/// (increase, decrease, hold) driven by the over-use detector.
///
/// - Over-use: decrease to `beta` × the acknowledged bitrate (`beta` = 0.85), at most once
///   per round trip (clamped to 10...200 ms).
/// - Normal: increase multiplicatively (`eta` = 1.08 per second) while far from the
///   previously found link capacity, additively (about one packet per response time,
///   100 ms + RTT) when close to it (within three standard deviations of the average
///   bitrate measured at past decreases).
/// - Under-use: hold, letting queues drain.
///
/// The estimate never exceeds 1.5 × the acknowledged bitrate + 10 kbps: a sender that is not
/// using its estimate cannot prove that the path carries it.
///
/// Application-limited (``ApplicationLimitedRegionDetector``): the acknowledged bitrate is the
/// sender's demand, not the path's capacity, so an over-use decreases to `beta` × the current
/// estimate instead (libwebrtc backs off from its link-capacity estimate likewise) and is not
/// recorded as a capacity sample for the convergence test.
struct AIMDRateController: Sendable {
    enum State: String, Sendable { case hold, increase, decrease }

    private let configuration: BandwidthEstimatorConfiguration
    private(set) var estimate: BitsPerSecond
    private(set) var state: State = .increase
    private var lastUpdate: MonotonicTime?
    private var lastDecrease: MonotonicTime?
    /// Exponential average of the acknowledged bitrate at decreases, in kbps, and its variance
    /// normalised by the average (draft §5.5 "close to convergence").
    private var averageMaxKbps: Double?
    private var varianceMaxKbps = 0.4

    static let expectedPacketBits = 1200.0 * 8
    static let framesPerSecond = 30.0

    init(configuration: BandwidthEstimatorConfiguration) {
        self.configuration = configuration
        estimate = configuration.clamp(configuration.startBitrate)
    }

    /// Sets the estimate directly (a probe result, or the start of a fresh REMB fallback).
    mutating func setEstimate(_ value: BitsPerSecond, now: MonotonicTime) {
        estimate = configuration.clamp(value)
        lastUpdate = now
    }

    /// One update with the detector's state, the acknowledged bitrate (if measured yet) and
    /// the current round-trip time.
    mutating func update(usage: BandwidthUsage, acknowledged: BitsPerSecond?, roundTripTime: Duration,
                         applicationLimited: Bool = false, now: MonotonicTime) {
        transition(on: usage)
        let elapsed = lastUpdate.map { min(max((now - $0).milliseconds / 1000, 0), 1) } ?? 0
        switch state {
        case .hold:
            break
        case .increase:
            if let acknowledged, let average = averageMaxKbps,
               Double(acknowledged) / 1000 > average + 3 * (varianceMaxKbps * average).squareRoot() {
                averageMaxKbps = nil  // the link got faster: search multiplicatively again
            }
            var next: BitsPerSecond
            if isNearConvergence(acknowledged) {
                next = estimate &+ additiveIncrease(elapsedSeconds: elapsed, roundTripTime: roundTripTime)
            } else {
                // eta^dt, linearised: updates come every feedback interval (tens of ms).
                let growth = (configuration.increaseFactorPerSecond - 1) * elapsed
                next = estimate &+ max(BitsPerSecond(saturating: Double(estimate) * growth), elapsed > 0 ? 1000 : 0)
            }
            if let acknowledged {
                let cap = BitsPerSecond(saturating: 1.5 * Double(acknowledged)).addingReportingOverflow(10_000).partialValue
                next = max(min(next, cap), min(estimate, next))
            }
            estimate = configuration.clamp(next)
        case .decrease:
            let interval = min(max(roundTripTime, .milliseconds(10)), .milliseconds(200))
            if let lastDecrease, now - lastDecrease < interval {
                break
            }
            let basis = applicationLimited ? max(acknowledged ?? estimate, estimate) : (acknowledged ?? estimate)
            let decreased = BitsPerSecond(saturating: configuration.decreaseFactor * Double(basis))
            estimate = configuration.clamp(min(estimate, decreased))
            if !applicationLimited { recordDecrease(acknowledged: basis) }
            lastDecrease = now
            state = .hold
        }
        lastUpdate = now
    }

    private mutating func transition(on usage: BandwidthUsage) {
        switch usage {
        case .overusing: state = .decrease
        case .underusing: state = .hold
        case .normal: if state == .hold || state == .decrease { state = .increase }
        }
    }

    private func isNearConvergence(_ acknowledged: BitsPerSecond?) -> Bool {
        guard let average = averageMaxKbps else { return false }
        let deviation = (varianceMaxKbps * average).squareRoot()
        let current = Double(acknowledged ?? estimate) / 1000
        return abs(current - average) <= 3 * deviation
    }

    /// About one packet per response time (100 ms + RTT), for a frame split into packets.
    private func additiveIncrease(elapsedSeconds: Double, roundTripTime: Duration) -> BitsPerSecond {
        let bitsPerFrame = Double(estimate) / Self.framesPerSecond
        let packetsPerFrame = max(1, (bitsPerFrame / Self.expectedPacketBits).rounded(.up))
        let packetBits = bitsPerFrame / packetsPerFrame
        let responseSeconds = (100 + roundTripTime.milliseconds) / 1000
        let perSecond = max(4000, packetBits / responseSeconds)
        return BitsPerSecond(saturating: perSecond * elapsedSeconds)
    }

    private mutating func recordDecrease(acknowledged: BitsPerSecond) {
        let kbps = Double(acknowledged) / 1000
        let alpha = 0.05
        guard let average = averageMaxKbps else {
            averageMaxKbps = kbps
            return
        }
        if kbps < average - 3 * (varianceMaxKbps * average).squareRoot() {
            averageMaxKbps = kbps  // the link got slower: restart the average
            return
        }
        let next = (1 - alpha) * average + alpha * kbps
        let normalisedError = (next - kbps) * (next - kbps) / max(next, 1)
        varianceMaxKbps = min(max((1 - alpha) * varianceMaxKbps + alpha * normalisedError, 0.4), 2.5)
        averageMaxKbps = next
    }
}
