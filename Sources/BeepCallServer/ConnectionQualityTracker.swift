import BeepCalls
import BeepWire

/// Rate-limits one participant's quality reports, sans-IO (time passed in as `now`).
///
/// Reports only changes from the last reported quality (initially `good`, which the call
/// page assumes). A worse quality is reported at once when it comes from lost consent (it
/// means media is failing); any other change must hold for ``settle`` (two samples in a row
/// at one sample per second) and is reported at most once per ``minimumInterval``, so that
/// one bad second does not make the indicator flicker.
struct ConnectionQualityTracker: Sendable {
    /// How long a new quality must hold before it is reported.
    static let settle: Duration = .seconds(2)
    /// The least time between two reports.
    static let minimumInterval: Duration = .seconds(3)

    private(set) var reported: ConnectionQuality = .good
    private var candidate: (quality: ConnectionQuality, since: MonotonicTime)?
    private var lastReport: MonotonicTime?

    /// Feeds one classified sample; returns the quality to announce, or nil.
    mutating func update(_ quality: ConnectionQuality, consentLost: Bool, now: MonotonicTime) -> ConnectionQuality? {
        guard quality != reported else {
            candidate = nil
            return nil
        }
        if candidate?.quality != quality { candidate = (quality, now) }
        let since = candidate?.since ?? now
        let urgent = consentLost && quality == .poor
        let settled = now - since >= Self.settle
        let spaced = lastReport.map { now - $0 >= Self.minimumInterval } ?? true
        guard urgent || (settled && spaced) else { return nil }
        reported = quality
        candidate = nil
        lastReport = now
        return quality
    }
}
