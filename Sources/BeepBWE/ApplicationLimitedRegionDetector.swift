import BeepWire

/// Tells whether the sender is application-limited (in an "application-limited region", ALR):
/// it sends well below its estimate because it has no more to send — an SFU forwarding the
/// low layer to a subscriber whose estimate would carry more, say. Sans-IO.
///
/// The send rate is measured over ``window`` from ``record(bytes:at:)``; the region starts
/// when it falls below ``enterRatio`` × the estimate and ends when it rises above
/// ``exitRatio`` × the estimate (hysteresis; libwebrtc's AlrDetector works alike, with an
/// interval budget at 65 % of the estimate).
///
/// Why it matters (draft-ietf-rmcat-gcc-02 §5.5 decreases to `beta` × the *received* rate):
/// in the region the received rate measures the application's demand, not the path, so a
/// decrease from it cuts the estimate far below what the path carries; the next allocation
/// then sends even less and the next over-use repeats the cut (a spiral). See
/// ``AIMDRateController``.
struct ApplicationLimitedRegionDetector: Sendable {
    /// The measurement window.
    let window: Duration
    /// Sent rate / estimate below which the region starts.
    let enterRatio: Double
    /// Sent rate / estimate above which it ends.
    let exitRatio: Double
    /// Whether the sender is application-limited now.
    private(set) var isApplicationLimited = false

    private var sent: [(time: MonotonicTime, bytes: Int)] = []
    private var head = 0
    private var bytesInWindow = 0
    private var firstRecord: MonotonicTime?

    init(window: Duration = .milliseconds(500), enterRatio: Double = 0.65, exitRatio: Double = 0.8) {
        self.window = window
        self.enterRatio = enterRatio
        self.exitRatio = exitRatio
    }

    /// Records `bytes` put on the transport at `time`.
    mutating func record(bytes: Int, at time: MonotonicTime) {
        if firstRecord == nil { firstRecord = time }
        sent.append((time, max(bytes, 0)))
        bytesInWindow += max(bytes, 0)
        expire(now: time)
    }

    /// The send rate over the window ending at `now`, bits per second; nil before a whole
    /// window was seen.
    mutating func sendRate(now: MonotonicTime) -> BitsPerSecond? {
        expire(now: now)
        guard let firstRecord, now - firstRecord >= window else { return nil }
        return BitsPerSecond(saturating: Double(bytesInWindow) * 8 / (window.milliseconds / 1000))
    }

    /// Updates the region against the current `estimate` at `now` and returns it.
    mutating func update(estimate: BitsPerSecond, now: MonotonicTime) -> Bool {
        guard let rate = sendRate(now: now), estimate > 0 else { return isApplicationLimited }
        let ratio = Double(rate) / Double(estimate)
        if isApplicationLimited {
            if ratio > exitRatio { isApplicationLimited = false }
        } else if ratio < enterRatio {
            isApplicationLimited = true
        }
        return isApplicationLimited
    }

    private mutating func expire(now: MonotonicTime) {
        let oldest = now - window
        while head < sent.count, sent[head].time < oldest {
            bytesInWindow -= sent[head].bytes
            head += 1
        }
        if head > 256, head * 2 > sent.count {
            sent.removeFirst(head)
            head = 0
        }
    }
}
