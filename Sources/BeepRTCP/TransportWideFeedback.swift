import BeepWire

/// Transport-wide congestion control feedback, RTPFB FMT=15
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1), as it appears on the wire.
///
/// The chunks and deltas are stored exactly as sent so that a parsed packet serialises back to
/// the same bytes. For a per-packet view use ``packetResults()``; to build feedback from
/// per-packet results use ``init(senderSSRC:mediaSSRC:referenceTime:feedbackPacketCount:packets:)``,
/// which chooses compact chunks.
public struct TransportWideFeedback: Hashable, Sendable {
    /// SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// SSRC of the media source (unused by the draft; browsers send the first media SSRC or 0).
    public var mediaSSRC: UInt32
    /// Transport-wide sequence number of the first packet described.
    public var baseSequenceNumber: UInt16
    /// Number of packets described, starting at the base sequence number.
    public var packetStatusCount: UInt16
    /// Reference time: a signed 24-bit value in multiples of 64 ms.
    public var referenceTime: Int32
    /// Feedback packet count (wraps at 256), to detect lost feedback.
    public var feedbackPacketCount: UInt8
    /// Packet chunks; their statuses cover at least ``packetStatusCount`` packets.
    public var chunks: [TransportWideChunk]
    /// Receive deltas in 250 µs ticks, one per received packet in order: `0...255` for a small
    /// delta, any `Int16` for a large one.
    public var receiveDeltas: [Int16]

    /// The duration of one reference time unit.
    public static let referenceTimeUnitMicroseconds: Int64 = 64_000
    /// The duration of one receive delta tick.
    public static let deltaTickMicroseconds: Int64 = 250

    /// Feedback with the wire fields given explicitly.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, baseSequenceNumber: UInt16, packetStatusCount: UInt16,
                referenceTime: Int32, feedbackPacketCount: UInt8, chunks: [TransportWideChunk],
                receiveDeltas: [Int16]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.baseSequenceNumber = baseSequenceNumber
        self.packetStatusCount = packetStatusCount
        self.referenceTime = referenceTime
        self.feedbackPacketCount = feedbackPacketCount
        self.chunks = chunks
        self.receiveDeltas = receiveDeltas
    }

    /// The reference time in microseconds of the feedback sender's clock.
    public var referenceTimeMicroseconds: Int64 { Int64(referenceTime) * Self.referenceTimeUnitMicroseconds }

    /// The statuses of the first ``packetStatusCount`` packets, read from the chunks.
    /// Throws when the chunks describe fewer packets than announced.
    public func statuses() throws(WireError) -> [TransportWideStatus] {
        let needed = Int(packetStatusCount)
        var statuses: [TransportWideStatus] = []
        statuses.reserveCapacity(needed)
        for chunk in chunks where statuses.count < needed {
            chunk.appendStatuses(to: &statuses, limit: needed - statuses.count)
        }
        guard statuses.count == needed else {
            throw WireError(.malformed, "TWCC packet status count: \(needed) but chunks describe \(statuses.count)")
        }
        return statuses
    }

    /// Decodes the FCI of an RTPFB FMT=15 message (draft §3.1): header fields, chunks until the
    /// status count is covered, one delta per received packet, then at most 3 octets of zero
    /// padding (RTCP P-bit padding has already been removed).
    init(_ raw: RawFeedback) throws(WireError) {
        var reader = ByteReader(raw.fci)
        let base = try reader.readUInt16("TWCC base sequence number")
        let count = try reader.readUInt16("TWCC packet status count")
        let referenceBits = try reader.readUInt24("TWCC reference time")
        let feedbackCount = try reader.readUInt8("TWCC fb pkt. count")
        let needed = Int(count)
        var chunks: [TransportWideChunk] = []
        var statuses: [TransportWideStatus] = []
        statuses.reserveCapacity(needed)
        while statuses.count < needed {
            let chunk = try TransportWideChunk.decode(try reader.readUInt16("TWCC packet chunk"))
            chunk.appendStatuses(to: &statuses, limit: needed - statuses.count)
            chunks.append(chunk)
        }
        var deltas: [Int16] = []
        for status in statuses {
            switch status {
            case .notReceived: continue
            case .smallDelta: deltas.append(Int16(try reader.readUInt8("TWCC small receive delta")))
            case .largeDelta: deltas.append(Int16(bitPattern: try reader.readUInt16("TWCC large receive delta")))
            }
        }
        guard reader.remaining < 4 else {
            throw WireError(.malformed,
                            "TWCC: \(reader.remaining) bytes after the receive deltas of \(deltas.count) received packets")
        }
        self.init(senderSSRC: raw.senderSSRC, mediaSSRC: raw.mediaSSRC, baseSequenceNumber: base,
                  packetStatusCount: count, referenceTime: Int32(bitPattern: referenceBits << 8) >> 8,
                  feedbackPacketCount: feedbackCount, chunks: chunks, receiveDeltas: deltas)
    }

    /// Writes the message body, checking that the deltas match the statuses (draft §3.1.5).
    /// Alignment to 32 bits is added by the packet writer.
    func writeBody(into writer: inout ByteWriter) throws(WireError) {
        guard referenceTime >= -0x80_0000, referenceTime <= 0x7F_FFFF else {
            throw WireError(.tooLarge, "TWCC reference time: \(referenceTime) does not fit 24 signed bits")
        }
        let statuses = try statuses()
        let received = statuses.lazy.filter(\.isReceived).count
        guard received == receiveDeltas.count else {
            throw WireError(.malformed, "TWCC receive deltas: \(receiveDeltas.count) for \(received) received packets")
        }
        writer.write(senderSSRC)
        writer.write(mediaSSRC)
        writer.write(baseSequenceNumber)
        writer.write(packetStatusCount)
        writer.writeUInt24(UInt32(bitPattern: referenceTime) & 0xFF_FFFF)
        writer.write(feedbackPacketCount)
        for chunk in chunks { writer.write(try chunk.encode()) }
        var deltaIndex = 0
        for status in statuses where status.isReceived {
            let delta = receiveDeltas[deltaIndex]
            deltaIndex += 1
            if status == .smallDelta {
                guard let small = UInt8(exactly: delta) else {
                    throw WireError(.tooLarge, "TWCC small receive delta: \(delta) ticks, expected 0...255")
                }
                writer.write(small)
            } else {
                writer.write(UInt16(bitPattern: delta))
            }
        }
    }
}
