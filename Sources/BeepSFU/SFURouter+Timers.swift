import BeepWire

/// Timer-driven work: NACK retries, deferred PLIs, active-speaker windows.
extension SFURouter {
    /// Runs everything due at `now`: Generic NACK retries toward publishers (RFC 4585 §6.2.1),
    /// PLIs deferred by the one-per-second throttle (RFC 4585 §6.3.1), and the active speaker
    /// windows (RFC 6464 levels). Call it at ``pollTimeout()`` (calling early is harmless).
    public mutating func handleTimeout(now: MonotonicTime) {
        for producerID in producers.keys.sorted() {
            sendDueNACKs(for: producerID, now: now)
            if producers[producerID]?.keyFrameThrottle.fireIfDue(now: now) == true {
                sendPLI(to: producerID)
            }
        }
        handleSimulcastTimeout(now: now)
        if let speaker = speakers.evaluate(now: now) {
            emit(.event(.activeSpeakerChanged(speaker)))
        }
    }
}
