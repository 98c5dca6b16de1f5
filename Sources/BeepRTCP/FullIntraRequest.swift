import BeepWire

/// A PSFB Full Intra Request (RFC 5104 §4.3.1): one FCI entry per media sender asked for a
/// decoder refresh point.
public struct FullIntraRequest: Hashable, Sendable {
    /// SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// SSRC of the media source; RFC 5104 §4.3.1.2 says it is unused and set to 0.
    public var mediaSSRC: UInt32
    /// The FCI entries.
    public var entries: [FIREntry]

    /// A FIR with the given entries.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, entries: [FIREntry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    /// Decodes the FCI of a PSFB FMT=4 message: 8-byte entries (SSRC, seq nr, 24 reserved bits).
    init(_ raw: RawFeedback) throws(WireError) {
        guard raw.fci.count % 8 == 0 else {
            throw WireError(.malformed, "FIR FCI: \(raw.fci.count) bytes, not a multiple of 8")
        }
        var reader = ByteReader(raw.fci)
        var entries: [FIREntry] = []
        entries.reserveCapacity(raw.fci.count / 8)
        while !reader.isAtEnd {
            let ssrc = try reader.readUInt32("FIR entry SSRC")
            let sequence = try reader.readUInt8("FIR command sequence number")
            try reader.skip(3, "FIR reserved")
            entries.append(FIREntry(ssrc: ssrc, sequenceNumber: sequence))
        }
        self.init(senderSSRC: raw.senderSSRC, mediaSSRC: raw.mediaSSRC, entries: entries)
    }

    /// Writes the SSRCs and entries (reserved bits zero).
    func writeBody(into writer: inout ByteWriter) {
        writer.write(senderSSRC)
        writer.write(mediaSSRC)
        for entry in entries {
            writer.write(entry.ssrc)
            writer.write(entry.sequenceNumber)
            writer.writeZeros(3)
        }
    }
}

/// One FIR FCI entry (RFC 5104 §4.3.1.1).
public struct FIREntry: Hashable, Sendable {
    /// SSRC of the media sender that should send a decoder refresh point.
    public var ssrc: UInt32
    /// Command sequence number, incremented per new request (modulo 256).
    public var sequenceNumber: UInt8

    /// An entry for `ssrc` with command number `sequenceNumber`.
    public init(ssrc: UInt32, sequenceNumber: UInt8) {
        self.ssrc = ssrc
        self.sequenceNumber = sequenceNumber
    }
}
