/// The fate of one sent packet as reported by feedback: its send record and, when received,
/// its arrival time on the receiver's clock.
public struct PacketResult: Sendable, Hashable {
    /// The packet as sent.
    public var sent: SentPacket
    /// Arrival time in microseconds of the receiver's clock (unwrapped), nil if lost.
    public var arrivalMicroseconds: Int64?

    /// A result.
    public init(sent: SentPacket, arrivalMicroseconds: Int64?) {
        self.sent = sent
        self.arrivalMicroseconds = arrivalMicroseconds
    }

    /// True when the receiver got the packet.
    public var isReceived: Bool { arrivalMicroseconds != nil }
}
