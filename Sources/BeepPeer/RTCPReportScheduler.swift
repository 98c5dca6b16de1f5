import BeepWire

/// Decides when to send the next regular RTCP compound packet (RFC 3550 §6.2, §6.3).
///
/// RFC 3550 §6.2 recommends a 5 s minimum interval but lets an application scale it down for
/// larger session bandwidths (the "reduced minimum" of 360 / session-bandwidth-in-kbit/s
/// seconds); WebRTC stacks run RTP and RTCP at tens of kbit/s or more on one muxed transport
/// (RFC 8108 for many streams in one session, RFC 4585 for AVPF feedback around regular
/// reports), and libwebrtc reports about once a second for video. The default here is 1 s.
///
/// Each interval is randomized to `interval × U[0.5, 1.5]` (RFC 3550 §6.3.1) with a generator
/// injected by the caller, so tests replay exactly; the first report waits half a randomized
/// interval (RFC 3550 §6.2: the delay before the first compound packet may be half the
/// minimum). The §6.3.1 `e − 3/2` compensation and reverse reconsideration are omitted: they
/// matter for large multicast groups, not for a point-to-point transport.
public struct RTCPReportScheduler: Sendable {
    /// The default deterministic interval (1 s, WebRTC practice).
    public static let defaultInterval: Duration = .seconds(1)
    /// Report blocks one SR or RR can carry (RFC 3550 §6.4.1: a 5-bit count).
    public static let maxReportBlocks = 31

    /// The deterministic interval before randomization.
    public let interval: Duration
    /// When the next report is due, nil until ``start(now:using:)``.
    public private(set) var nextReportTime: MonotonicTime?
    /// Round-robin position among remote sources when more than 31 are reportable
    /// (RFC 3550 §6.1: subsets selected round-robin across intervals).
    var rotation = 0

    /// A scheduler with the given deterministic interval (non-positive intervals become 1 ms).
    public init(interval: Duration = defaultInterval) {
        self.interval = interval > .zero ? interval : .milliseconds(1)
    }

    /// Schedules the first report half a randomized interval after `now` (RFC 3550 §6.2).
    public mutating func start(now: MonotonicTime, using generator: inout some RandomNumberGenerator) {
        nextReportTime = now + randomizedInterval(using: &generator) / 2
    }

    /// True when a report is due at `now` (never before ``start(now:using:)``).
    public func isDue(now: MonotonicTime) -> Bool {
        guard let nextReportTime else { return false }
        return now >= nextReportTime
    }

    /// Records that a report went out at `now` and schedules the next one a randomized interval
    /// later (RFC 3550 §6.3.1: `tn = tp + T`).
    public mutating func reportSent(now: MonotonicTime, using generator: inout some RandomNumberGenerator) {
        nextReportTime = now + randomizedInterval(using: &generator)
    }

    /// `interval × U[0.5, 1.5]` (RFC 3550 §6.3.1).
    public func randomizedInterval(using generator: inout some RandomNumberGenerator) -> Duration {
        interval * Double.random(in: 0.5...1.5, using: &generator)
    }
}
