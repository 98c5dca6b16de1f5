import BeepWire

/// A REMB message (draft-alvestrand-rmcat-remb-03 §2.2): PSFB FMT=15 whose FCI starts with the
/// ASCII identifier "REMB", then the SSRC count, a 6-bit exponent and an 18-bit mantissa
/// (bitrate = mantissa × 2^exponent bits per second) and the SSRCs the estimate applies to.
///
/// The exponent and mantissa are stored as sent, so a non-normalised encoding round-trips.
public struct ReceiverEstimatedMaxBitrate: Hashable, Sendable {
    /// SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// SSRC of the media source; the draft says it is always 0.
    public var mediaSSRC: UInt32
    /// BR Exp: 6 bits.
    public var exponent: UInt8
    /// BR Mantissa: 18 bits.
    public var mantissa: UInt32
    /// The SSRCs the estimate applies to (at most 255).
    public var ssrcs: [UInt32]

    /// The identifier "REMB" as a big-endian word.
    static let identifier: UInt32 = 0x5245_4D42
    /// The largest 18-bit mantissa.
    static let maxMantissa: UInt32 = 0x3_FFFF

    /// A REMB with raw exponent and mantissa.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, exponent: UInt8, mantissa: UInt32, ssrcs: [UInt32]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.exponent = exponent
        self.mantissa = mantissa
        self.ssrcs = ssrcs
    }

    /// A REMB for `bitrate` bits per second, choosing the smallest exponent whose mantissa fits
    /// 18 bits (draft §2.2); low bits that do not fit are dropped (rounding down).
    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, bitrate: UInt64, ssrcs: [UInt32]) {
        var exponent: UInt8 = 0
        var mantissa = bitrate
        while mantissa > UInt64(Self.maxMantissa) {
            mantissa >>= 1
            exponent += 1
        }
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, exponent: exponent,
                  mantissa: UInt32(truncatingIfNeeded: mantissa), ssrcs: ssrcs)
    }

    /// mantissa × 2^exponent in bits per second, saturating at `UInt64.max`.
    public var bitrate: UInt64 {
        let value = UInt64(mantissa)
        guard value != 0 else { return 0 }
        guard Int(exponent) <= value.leadingZeroBitCount else { return .max }
        return value << exponent
    }

    /// True when an application-layer FCI carries the "REMB" identifier.
    static func isREMB(_ fci: [UInt8]) -> Bool {
        BigEndian.uint32(fci, at: 0) == identifier
    }

    /// Decodes the FCI of a PSFB FMT=15 message that starts with "REMB".
    init(_ raw: RawFeedback) throws(WireError) {
        var reader = ByteReader(raw.fci)
        _ = try reader.readUInt32("REMB identifier")
        let count = try reader.readUInt8("REMB Num SSRC")
        let packed = try reader.readUInt24("REMB BR Exp/BR Mantissa")
        guard reader.remaining == Int(count) * 4 else {
            throw WireError(.malformed, "REMB: Num SSRC \(count) but \(reader.remaining) bytes of SSRC list")
        }
        var ssrcs: [UInt32] = []
        ssrcs.reserveCapacity(Int(count))
        for _ in 0..<count { ssrcs.append(try reader.readUInt32("REMB SSRC feedback")) }
        self.init(senderSSRC: raw.senderSSRC, mediaSSRC: raw.mediaSSRC,
                  exponent: UInt8(truncatingIfNeeded: packed >> 18), mantissa: packed & Self.maxMantissa, ssrcs: ssrcs)
    }

    /// Writes the SSRCs, the identifier, count, exponent/mantissa and SSRC list.
    func writeBody(into writer: inout ByteWriter) throws(WireError) {
        guard let count = UInt8(exactly: ssrcs.count) else {
            throw WireError(.tooLarge, "REMB Num SSRC: \(ssrcs.count), at most 255")
        }
        guard exponent < 64 else { throw WireError(.tooLarge, "REMB BR Exp: \(exponent) does not fit 6 bits") }
        guard mantissa <= Self.maxMantissa else {
            throw WireError(.tooLarge, "REMB BR Mantissa: \(mantissa) does not fit 18 bits")
        }
        writer.write(senderSSRC)
        writer.write(mediaSSRC)
        writer.write(Self.identifier)
        writer.write(count)
        writer.writeUInt24(UInt32(exponent) << 18 | mantissa)
        for ssrc in ssrcs { writer.write(ssrc) }
    }
}
