/// The reference the RTP hot path is compared against: what a minimal C forwarder does with
/// a received packet. It loads the 12 fixed header bytes with raw unaligned loads, stores a
/// new SSRC, sequence number and timestamp, and validates nothing (no version, CSRC,
/// extension or padding checks). Beep's `RTPHeaderView` + `RTPHeaderRewrite` do that work
/// plus full RFC 3550 validation; the ratio of the two is the price of the checks.
enum ReferenceHeaderRewrite {
    /// The fields the reference reads, so that its loads cannot be optimised away.
    struct Fields {
        var first: UInt8
        var second: UInt8
        var sequenceNumber: UInt16
        var timestamp: UInt32
        var ssrc: UInt32
    }

    /// Reads the fixed header of the packet at `buffer` and rewrites its SSRC, sequence number
    /// (+`sequenceDelta`) and timestamp (+`timestampDelta`) in place; returns the fields read.
    /// Returns nil only for a buffer shorter than 12 bytes (to stay memory-safe).
    @inline(__always)
    static func apply(to buffer: UnsafeMutableRawBufferPointer, ssrc: UInt32,
                      sequenceDelta: UInt16, timestampDelta: UInt32) -> Fields? {
        guard buffer.count >= 12, let base = buffer.baseAddress else { return nil }
        let fields = Fields(
            first: base.load(fromByteOffset: 0, as: UInt8.self),
            second: base.load(fromByteOffset: 1, as: UInt8.self),
            sequenceNumber: UInt16(bigEndian: base.loadUnaligned(fromByteOffset: 2, as: UInt16.self)),
            timestamp: UInt32(bigEndian: base.loadUnaligned(fromByteOffset: 4, as: UInt32.self)),
            ssrc: UInt32(bigEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        )
        base.storeBytes(of: (fields.sequenceNumber &+ sequenceDelta).bigEndian, toByteOffset: 2, as: UInt16.self)
        base.storeBytes(of: (fields.timestamp &+ timestampDelta).bigEndian, toByteOffset: 4, as: UInt32.self)
        base.storeBytes(of: ssrc.bigEndian, toByteOffset: 8, as: UInt32.self)
        return fields
    }
}
