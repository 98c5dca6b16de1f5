import BeepRTCP
import BeepRTP
import BeepWire

/// A bounded history of sent plaintext RTP packets per local SSRC, to answer Generic NACKs
/// (RFC 4585 §6.2.1) with retransmissions (RFC 4588).
///
/// Each SSRC has a ring of `capacity` slots (a power of two) indexed by `sequence % capacity`;
/// a slot remembers the sequence number it holds, so a lookup is O(1) and a slot overwritten by
/// a newer packet is a miss rather than a wrong answer. Packets older than `maxAge` at lookup
/// time count as evicted too.
public struct SendHistory: Sendable {
    /// Default ring size per SSRC: ~1 s of 500 kbit/s video in 1200-byte packets.
    public static let defaultCapacity = 512
    /// Default age limit: retransmissions later than this rarely arrive in time to be played.
    public static let defaultMaxAge: Duration = .seconds(1)

    /// Slots per SSRC (a power of two between 1 and 32768).
    public let capacity: Int
    /// The oldest a packet may be and still be returned.
    public let maxAge: Duration
    private var rings: [UInt32: Ring] = [:]

    /// An empty history; `capacity` is rounded up to a power of two and clamped to 1...32768.
    public init(capacity: Int = defaultCapacity, maxAge: Duration = defaultMaxAge) {
        let clamped = min(max(capacity, 1), 1 << 15)
        var size = 1
        while size < clamped { size <<= 1 }
        self.capacity = size
        self.maxAge = maxAge
    }

    /// Stores `packet` (a complete plaintext RTP packet) sent at `now`, replacing whatever
    /// occupied its slot. Returns false, storing nothing, when the header does not parse.
    @discardableResult
    public mutating func record(_ packet: [UInt8], now: MonotonicTime) -> Bool {
        guard let header = try? RTPHeaderView(parsing: packet) else { return false }
        let slot = Int(header.sequenceNumber) & (capacity - 1)
        let entry = Entry(sequenceNumber: header.sequenceNumber, sentAt: now, bytes: packet)
        if rings[header.ssrc] == nil {
            rings[header.ssrc] = Ring(slots: Array(repeating: nil, count: capacity))
        }
        rings[header.ssrc]?.store(entry, at: slot)
        return true
    }

    /// The stored packet for (`ssrc`, `sequenceNumber`), nil when it was never recorded, was
    /// overwritten, or is older than ``maxAge`` at `now`.
    public func packet(ssrc: UInt32, sequenceNumber: UInt16, now: MonotonicTime) -> [UInt8]? {
        guard let ring = rings[ssrc] else { return nil }
        let slot = Int(sequenceNumber) & (capacity - 1)
        guard ring.slots.indices.contains(slot), let entry = ring.slots[slot],
              entry.sequenceNumber == sequenceNumber, now - entry.sentAt <= maxAge else { return nil }
        return entry.bytes
    }

    /// The stored packets a Generic NACK asks for (RFC 4585 §6.2.1: PID and BLP), in the order
    /// the NACK lists them, each at most once, skipping those missing or evicted.
    public func packets(for nack: GenericNACK, now: MonotonicTime) -> [[UInt8]] {
        var seen = Set<UInt16>()
        var result: [[UInt8]] = []
        for sequence in nack.lostSequenceNumbers where seen.insert(sequence).inserted {
            if let bytes = packet(ssrc: nack.mediaSSRC, sequenceNumber: sequence, now: now) {
                result.append(bytes)
            }
        }
        return result
    }

    /// Forgets every packet of `ssrc` (the stream stopped).
    public mutating func removeSource(_ ssrc: UInt32) {
        rings[ssrc] = nil
    }

    /// One stored packet.
    struct Entry: Sendable {
        var sequenceNumber: UInt16
        var sentAt: MonotonicTime
        var bytes: [UInt8]
    }

    /// The slots of one SSRC.
    struct Ring: Sendable {
        var slots: [Entry?]

        mutating func store(_ entry: Entry, at slot: Int) {
            guard slots.indices.contains(slot) else { return }
            slots[slot] = entry
        }
    }
}
