import BeepWire

/// An RTPFB Generic NACK message (RFC 4585 §6.2.1): lost RTP packets as PID + BLP entries.
public struct GenericNACK: Hashable, Sendable {
    /// SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// SSRC of the media source whose packets were lost.
    public var mediaSSRC: UInt32
    /// The FCI entries in packet order.
    public var entries: [NACKEntry]

    /// A NACK with explicit entries.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, entries: [NACKEntry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    /// A NACK for the given lost sequence numbers, packed into the fewest entries
    /// (see ``NACKEntry/entries(forLost:)``).
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, lost: some Sequence<UInt16>) {
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, entries: NACKEntry.entries(forLost: lost))
    }

    /// Every sequence number the entries report lost, in entry order (RFC 4585 §6.2.1).
    public var lostSequenceNumbers: [UInt16] { entries.flatMap(\.sequenceNumbers) }

    /// Decodes the FCI of an RTPFB FMT=1 message: a list of 4-byte PID/BLP pairs.
    init(_ raw: RawFeedback) throws(WireError) {
        guard raw.fci.count % 4 == 0 else {
            throw WireError(.malformed, "Generic NACK FCI: \(raw.fci.count) bytes, not a multiple of 4")
        }
        var reader = ByteReader(raw.fci)
        var entries: [NACKEntry] = []
        entries.reserveCapacity(raw.fci.count / 4)
        while !reader.isAtEnd {
            let pid = try reader.readUInt16("NACK PID")
            let blp = try reader.readUInt16("NACK BLP")
            entries.append(NACKEntry(packetID: pid, lostBitmask: blp))
        }
        self.init(senderSSRC: raw.senderSSRC, mediaSSRC: raw.mediaSSRC, entries: entries)
    }

    /// Writes the SSRCs and the entries.
    func writeBody(into writer: inout ByteWriter) {
        writer.write(senderSSRC)
        writer.write(mediaSSRC)
        for entry in entries {
            writer.write(entry.packetID)
            writer.write(entry.lostBitmask)
        }
    }
}

/// One Generic NACK FCI entry (RFC 4585 §6.2.1): a lost packet ID and a bitmask of the 16
/// following packets also lost.
public struct NACKEntry: Hashable, Sendable {
    /// PID: the sequence number of a lost packet.
    public var packetID: UInt16
    /// BLP: bit i (least significant first) set means `packetID + i + 1` is lost too.
    public var lostBitmask: UInt16

    /// An entry with the given PID and BLP.
    public init(packetID: UInt16, lostBitmask: UInt16) {
        self.packetID = packetID
        self.lostBitmask = lostBitmask
    }

    /// The sequence numbers this entry reports lost, ascending on the 16-bit circle.
    public var sequenceNumbers: [UInt16] {
        var result = [packetID]
        for bit in 0..<16 where lostBitmask & (1 << bit) != 0 {
            result.append(packetID &+ UInt16(bit + 1))
        }
        return result
    }

    /// The fewest entries that report exactly `lost` (duplicates ignored), wrap-around safe.
    ///
    /// The numbers are ordered on the 16-bit circle starting after the widest gap between them,
    /// so a set spanning 65535 → 0 stays contiguous; then each entry takes the oldest remaining
    /// number as PID and covers the 16 that follow it (optimal for fixed-width windows).
    public static func entries(forLost lost: some Sequence<UInt16>) -> [NACKEntry] {
        let sorted = Array(Set(lost)).sorted()
        guard let lowest = sorted.first, let highest = sorted.last else { return [] }
        // The wrap-around gap (highest → lowest) is a candidate too.
        var startIndex = 0
        var widestGap = Int(lowest &- highest)
        for index in sorted.indices.dropFirst() {
            let gap = Int(sorted[index] &- sorted[index - 1])
            if gap > widestGap {
                widestGap = gap
                startIndex = index
            }
        }
        let ordered = Array(sorted[startIndex...] + sorted[..<startIndex])
        var entries: [NACKEntry] = []
        var current: NACKEntry?
        for sequence in ordered {
            if var entry = current {
                let offset = sequence &- entry.packetID
                if offset >= 1, offset <= 16 {
                    entry.lostBitmask |= 1 << (offset - 1)
                    current = entry
                    continue
                }
                entries.append(entry)
            }
            current = NACKEntry(packetID: sequence, lostBitmask: 0)
        }
        if let current { entries.append(current) }
        return entries
    }
}
