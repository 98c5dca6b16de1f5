import BeepRTCP
import BeepWire

/// Turns transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1)
/// into per-packet results: each described sequence number is matched with its send record,
/// and receive deltas become arrival times on one continuous receiver clock.
///
/// The 24-bit reference time (§3.1, multiples of 64 ms) wraps about every 12 days; consecutive
/// reference times are unwrapped so arrival times never jump.
struct TransportFeedbackAdapter: Sendable {
    var history = SentPacketHistory()
    private var lastReferenceTime: Int32?
    private var referenceBaseMicroseconds: Int64 = 0
    /// Feedback messages whose packets matched no send record at all.
    private(set) var unmatchedFeedback: UInt64 = 0

    private static let referenceModulus: Int64 = 1 << 24

    mutating func packetSent(_ packet: SentPacket) { history.add(packet) }

    /// The packets recorded since the last call actually left at `time`.
    mutating func packetsLeft(at time: MonotonicTime) { history.restampUnflushed(at: time) }

    /// The results of one feedback message, in sequence order; packets without a send record
    /// (already reported, or too old) are left out.
    mutating func results(of feedback: TransportWideFeedback) -> [PacketResult] {
        guard let packets = try? feedback.packetResults(),
              let base = history.unwrapFeedback(feedback.baseSequenceNumber) else {
            unmatchedFeedback &+= 1
            return []
        }
        var clock = unwrapReference(feedback.referenceTime)
        var results: [PacketResult] = []
        results.reserveCapacity(packets.count)
        for (index, packet) in packets.enumerated() {
            var arrival: Int64?
            if packet.status.isReceived {
                clock &+= packet.deltaMicroseconds
                arrival = clock
            }
            guard let sent = history.take(base + Int64(index)) else { continue }
            results.append(PacketResult(sent: sent, arrivalMicroseconds: arrival))
        }
        if results.isEmpty { unmatchedFeedback &+= 1 }
        return results
    }

    /// The reference time in microseconds on an unwrapped receiver clock.
    private mutating func unwrapReference(_ referenceTime: Int32) -> Int64 {
        let raw = Int64(referenceTime) & (Self.referenceModulus - 1)
        if let last = lastReferenceTime {
            let lastRaw = Int64(last) & (Self.referenceModulus - 1)
            var step = (raw - lastRaw) & (Self.referenceModulus - 1)
            if step >= Self.referenceModulus / 2 { step -= Self.referenceModulus }
            referenceBaseMicroseconds &+= step &* TransportWideFeedback.referenceTimeUnitMicroseconds
        } else {
            referenceBaseMicroseconds = raw &* TransportWideFeedback.referenceTimeUnitMicroseconds
        }
        lastReferenceTime = referenceTime
        return referenceBaseMicroseconds
    }
}
