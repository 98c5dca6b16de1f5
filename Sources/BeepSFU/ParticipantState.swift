/// The router's state for one participant: its tracks and totals.
struct ParticipantState: Sendable {
    let id: ParticipantID
    var producers: [ProducerID] = []
    var consumers: [ConsumerID] = []
    var packetsIn: UInt64 = 0
    var bytesIn: UInt64 = 0
    var packetsOut: UInt64 = 0
    var bytesOut: UInt64 = 0

    /// Counts one RTP packet received from the participant.
    mutating func received(bytes: Int) {
        packetsIn &+= 1
        bytesIn &+= UInt64(clamping: bytes)
    }

    /// Counts one RTP packet sent to the participant.
    mutating func sent(bytes: Int) {
        packetsOut &+= 1
        bytesOut &+= UInt64(clamping: bytes)
    }
}
