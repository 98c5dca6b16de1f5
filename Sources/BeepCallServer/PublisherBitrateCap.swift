import BeepRTCP
import BeepWire

/// A room's operator bitrate cap (`maxBitrateKbps`, docs/operations.md "Tuning") as REMB
/// messages to its publishers (draft-alvestrand-rmcat-remb-03 §2): each publisher is told its
/// streams together may use at most the cap, once when the cap is set and every second after
/// (a sender keeps the last REMB as an upper bound of its own estimate). When the cap is
/// lifted, one REMB of ``uncappedBitsPerSecond`` releases it. Sans-IO: time comes in as `now`.
struct PublisherBitrateCap {
    /// The cap in bits per second, nil when none.
    private(set) var bitsPerSecond: UInt64?
    /// A release REMB is owed (the cap was just lifted).
    private var releasePending = false
    private var nextSend: MonotonicTime?
    /// The SSRC the REMB messages are sent from.
    let senderSSRC: UInt32

    /// How often the cap is repeated.
    static let interval: Duration = .seconds(1)
    /// What a lifted cap is announced as: far above any camera or screen encoder.
    static let uncappedBitsPerSecond: UInt64 = 100_000_000
    /// Larger caps are clamped to this (the admin API accepts at most 100 000).
    static let maximumKbps = 100_000

    init(senderSSRC: UInt32) {
        self.senderSSRC = senderSSRC
    }

    /// Sets (`kbps`) or lifts (nil) the cap; the next ``due(now:)`` is at once.
    mutating func set(kbps: Int?, now: MonotonicTime) {
        let newValue = kbps.map { UInt64(min(max(0, $0), Self.maximumKbps)) * 1000 }
        if newValue == nil, bitsPerSecond != nil { releasePending = true }
        bitsPerSecond = newValue
        nextSend = now
    }

    /// The bitrate to announce now, or nil when nothing is due; advances the schedule.
    mutating func due(now: MonotonicTime) -> UInt64? {
        guard let next = nextSend, now >= next else { return nil }
        if let bitsPerSecond {
            nextSend = now + Self.interval
            return bitsPerSecond
        }
        nextSend = nil
        guard releasePending else { return nil }
        releasePending = false
        return Self.uncappedBitsPerSecond
    }

    /// The REMB compound packet for one publisher's media SSRCs (nil when it publishes none).
    func remb(bitsPerSecond: UInt64, ssrcs: [UInt32]) -> [UInt8]? {
        guard !ssrcs.isEmpty else { return nil }
        let packet = ReceiverEstimatedMaxBitrate(senderSSRC: senderSSRC, bitrate: bitsPerSecond,
                                                 ssrcs: Array(ssrcs.prefix(255)))
        return try? RTCPCompound(packets: [.receiverEstimatedMaxBitrate(packet)]).serialize()
    }
}
