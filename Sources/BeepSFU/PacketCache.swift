/// The most recent RTP packets of one producer, by sequence number, kept so subscriber NACKs
/// (RFC 4585 §6.2.1) can be answered without asking the publisher. A fixed ring: slot
/// `sequence % capacity` holds the latest packet with that residue, so lookups and inserts are
/// O(1) and memory is bounded.
struct PacketCache: Sendable {
    private struct Slot: Sendable {
        var sequenceNumber: UInt16
        var packet: [UInt8]
    }

    private var slots: [Slot?]
    private let mask: Int

    /// A cache of `capacityPowerOfTwo` (rounded up to a power of two, at least 16) packets.
    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity, size < 32768 { size &*= 2 }
        slots = Array(repeating: nil, count: size)
        mask = size &- 1
    }

    /// Stores `packet` under `sequenceNumber`, evicting the packet that shared its slot.
    mutating func insert(_ packet: [UInt8], sequenceNumber: UInt16) {
        let index = Int(sequenceNumber) & mask
        guard slots.indices.contains(index) else { return }
        slots[index] = Slot(sequenceNumber: sequenceNumber, packet: packet)
    }

    /// The packet stored under `sequenceNumber`, or nil when it was never seen or was evicted.
    func packet(sequenceNumber: UInt16) -> [UInt8]? {
        let index = Int(sequenceNumber) & mask
        guard slots.indices.contains(index), let slot = slots[index],
              slot.sequenceNumber == sequenceNumber else { return nil }
        return slot.packet
    }

    /// Forgets everything (e.g. when the producer's source is replaced).
    mutating func removeAll() {
        for index in slots.indices { slots[index] = nil }
    }
}
