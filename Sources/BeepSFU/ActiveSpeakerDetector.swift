import BeepRTP
import BeepWire

/// Picks the dominant speaker from RFC 6464 audio levels (client-to-mixer `ssrc-audio-level`,
/// RFC 6464 §3), smoothed and with hysteresis so it does not flap.
///
/// Levels are collected per participant over fixed windows of ``window``. A window's loudness
/// is the mean of `127 - level` over its packets (0 for silence, 127 for the loudest; a window
/// with no packets, e.g. during Opus DTX, counts as silence). Each participant's score is an
/// exponential moving average of its window loudness. At each window boundary the loudest
/// participant above ``speechThreshold`` takes over when the current speaker is below it, or
/// when it beats the current speaker by ``switchMargin`` for ``confirmations`` windows in a
/// row. So the speaker changes at most once per window (about three times per second).
struct ActiveSpeakerDetector: Sendable {
    /// Length of one evaluation window.
    static let window: Duration = .milliseconds(300)
    /// Minimum smoothed loudness (127 - dBov) counted as speech: -50 dBov and louder.
    static let speechThreshold = 77.0
    /// Lead a challenger needs over the current speaker, in dB.
    static let switchMargin = 6.0
    /// Consecutive windows a challenger must lead before it takes over.
    static let confirmations = 2
    /// Weight of the newest window in the moving average.
    static let smoothing = 0.5

    private struct Accumulator: Sendable {
        var sum = 0
        var count = 0
    }

    private var accumulators: [ParticipantID: Accumulator] = [:]
    private var scores: [ParticipantID: Double] = [:]
    private var challenger: (id: ParticipantID, windows: Int)?
    private(set) var current: ParticipantID?
    private(set) var nextEvaluation: MonotonicTime?

    /// Adds one packet's audio level for `participant`.
    mutating func record(_ level: AudioLevel, from participant: ParticipantID, now: MonotonicTime) {
        var accumulator = accumulators[participant] ?? Accumulator()
        accumulator.sum &+= 127 &- Int(level.level)
        accumulator.count &+= 1
        accumulators[participant] = accumulator
        if scores[participant] == nil { scores[participant] = 0 }
        if nextEvaluation == nil { nextEvaluation = now + Self.window }
    }

    /// Forgets a participant that left; returns true when it was the current speaker.
    mutating func remove(_ participant: ParticipantID) -> Bool {
        accumulators.removeValue(forKey: participant)
        scores.removeValue(forKey: participant)
        if challenger?.id == participant { challenger = nil }
        guard current == participant else { return false }
        current = nil
        return true
    }

    /// The smoothed loudness of a participant (for stats), or nil when it sent no levels.
    func score(of participant: ParticipantID) -> Double? { scores[participant] }

    /// Closes every window due by `now`; returns the new dominant speaker when it changed.
    mutating func evaluate(now: MonotonicTime) -> ParticipantID? {
        var changed: ParticipantID?
        var closed = 0
        while let due = nextEvaluation, due <= now {
            if let speaker = closeWindow() { changed = speaker }
            closed &+= 1
            // Rest when everyone is silent; the next level restarts the windows.
            let silent = scores.values.allSatisfy { $0 < 1 }
            nextEvaluation = silent ? nil : due + Self.window
            // After a long stall, a few empty windows decay every score; skip the rest.
            if closed >= 8, !silent {
                nextEvaluation = now + Self.window
                break
            }
        }
        return changed
    }

    private mutating func closeWindow() -> ParticipantID? {
        for participant in scores.keys.sorted() {
            let accumulator = accumulators[participant] ?? Accumulator()
            let loudness = accumulator.count > 0 ? Double(accumulator.sum) / Double(accumulator.count) : 0
            let previous = scores[participant] ?? 0
            scores[participant] = previous + Self.smoothing * (loudness - previous)
        }
        accumulators.removeAll(keepingCapacity: true)
        // Loudest first; ties broken by id so the outcome is deterministic.
        let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let (loudest, loudestScore) = ranked.first, loudestScore >= Self.speechThreshold,
              loudest != current else {
            challenger = nil
            return nil
        }
        let currentScore = current.flatMap { scores[$0] } ?? 0
        if current == nil || currentScore < Self.speechThreshold {
            return takeOver(loudest)
        }
        guard loudestScore >= currentScore + Self.switchMargin else {
            challenger = nil
            return nil
        }
        let windows = challenger?.id == loudest ? (challenger?.windows ?? 0) &+ 1 : 1
        challenger = (loudest, windows)
        return windows >= Self.confirmations ? takeOver(loudest) : nil
    }

    private mutating func takeOver(_ participant: ParticipantID) -> ParticipantID {
        current = participant
        challenger = nil
        return participant
    }
}
