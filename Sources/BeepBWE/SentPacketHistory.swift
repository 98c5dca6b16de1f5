import BeepWire

/// Send records keyed by unwrapped transport-wide sequence number, kept until feedback
/// reports them or they grow too old. Records older than half the 16-bit sequence space are
/// dropped so that unwrapping feedback stays unambiguous.
struct SentPacketHistory: Sendable {
    private var records: [Int64: SentPacket] = [:]
    private var unwrapper = SequenceUnwrapper()
    private var oldest: Int64?
    /// The first packet recorded since the last ``restampUnflushed(at:)``.
    private var firstUnflushed: Int64?
    /// Records older than this are forgotten even without feedback.
    let maxAge: Duration

    init(maxAge: Duration = .seconds(10)) { self.maxAge = maxAge }

    /// Number of records waiting for feedback.
    var count: Int { records.count }
    /// Bytes of the records waiting for feedback: what is in flight, or was lost without
    /// feedback yet saying so.
    private(set) var bytesInFlight = 0

    /// Records a sent packet and forgets records that are too old.
    mutating func add(_ packet: SentPacket) {
        let key = unwrapper.unwrap(packet.sequenceNumber)
        if let replaced = records.updateValue(packet, forKey: key) { bytesInFlight -= replaced.size }
        bytesInFlight += packet.size
        if firstUnflushed.map({ key < $0 }) ?? true { firstUnflushed = key }
        if oldest.map({ key < $0 }) ?? true { oldest = key }
        prune(now: packet.sendTime)
    }

    /// The unwrapped value of a sequence number that feedback names, relative to the newest
    /// sent packet.
    func unwrapFeedback(_ sequenceNumber: UInt16) -> Int64? {
        guard let highest = unwrapper.extendedHighest else { return nil }
        let last = UInt16(truncatingIfNeeded: highest)
        return highest + Int64(SequenceArithmetic.distance(from: last, to: sequenceNumber))
    }

    /// Removes and returns the record of an unwrapped sequence number.
    mutating func take(_ key: Int64) -> SentPacket? {
        guard let record = records.removeValue(forKey: key) else { return nil }
        bytesInFlight -= record.size
        return record
    }

    /// The packets recorded since the last call left the host at `time` (never earlier than
    /// recorded): their send times become `time`.
    mutating func restampUnflushed(at time: MonotonicTime) {
        guard let first = firstUnflushed, let highest = unwrapper.extendedHighest, first <= highest else {
            firstUnflushed = nil
            return
        }
        for key in first...highest {
            if let record = records[key], record.sendTime < time { records[key]?.sendTime = time }
        }
        firstUnflushed = nil
    }

    private mutating func prune(now: MonotonicTime) {
        guard var cursor = oldest, let highest = unwrapper.extendedHighest else { return }
        let limit = now - maxAge
        while cursor <= highest {
            if let record = records[cursor] {
                guard record.sendTime < limit || highest - cursor >= 0x8000 else { break }
                _ = take(cursor)
            }
            cursor += 1
        }
        oldest = cursor
    }
}
