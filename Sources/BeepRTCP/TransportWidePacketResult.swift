/// The fate of one packet in transport-wide feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): its transport-wide sequence number,
/// its status, and its receive delta.
public struct TransportWidePacketResult: Hashable, Sendable {
    /// Transport-wide sequence number.
    public var sequenceNumber: UInt16
    /// Not received, or received with a small or large delta.
    public var status: TransportWideStatus
    /// Arrival time minus the previous received packet's arrival (for the first received packet:
    /// minus the reference time), in microseconds; 0 when not received. Encoded in 250 µs ticks,
    /// rounded to the nearest tick.
    public var deltaMicroseconds: Int64

    /// A result with an explicit status.
    public init(sequenceNumber: UInt16, status: TransportWideStatus, deltaMicroseconds: Int64) {
        self.sequenceNumber = sequenceNumber
        self.status = status
        self.deltaMicroseconds = deltaMicroseconds
    }

    /// A received packet; the status is `.smallDelta` when the delta fits one unsigned octet of
    /// 250 µs ticks (0...63.75 ms), `.largeDelta` otherwise (draft §3.1.5).
    public static func received(_ sequenceNumber: UInt16, deltaMicroseconds: Int64) -> TransportWidePacketResult {
        let ticks = ticks(microseconds: deltaMicroseconds)
        let status: TransportWideStatus = (0...255).contains(ticks) ? .smallDelta : .largeDelta
        return TransportWidePacketResult(sequenceNumber: sequenceNumber, status: status,
                                         deltaMicroseconds: deltaMicroseconds)
    }

    /// A packet that was not received.
    public static func notReceived(_ sequenceNumber: UInt16) -> TransportWidePacketResult {
        TransportWidePacketResult(sequenceNumber: sequenceNumber, status: .notReceived, deltaMicroseconds: 0)
    }

    /// Microseconds rounded to the nearest 250 µs tick (halves away from zero).
    static func ticks(microseconds: Int64) -> Int64 {
        let tick = TransportWideFeedback.deltaTickMicroseconds
        let quotient = microseconds / tick
        let remainder = microseconds % tick
        if remainder >= tick / 2 { return quotient + 1 }
        if remainder <= -(tick / 2) { return quotient - 1 }
        return quotient
    }
}
