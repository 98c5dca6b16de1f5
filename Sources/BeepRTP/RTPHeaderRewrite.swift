import BeepWire

/// In-place changes to an RTP fixed header (RFC 3550 §5.1) for forwarding: the SFU rewrites
/// SSRC, sequence number and timestamp (and sometimes payload type and marker) of a received
/// packet and sends the same buffer on, with no reallocation.
///
/// Each field left nil is not touched. Applying works on `[UInt8]`, `ArraySlice<UInt8>` and
/// `UnsafeMutableRawBufferPointer` (e.g. a NIO `ByteBuffer` through
/// `withUnsafeMutableReadableBytes`) and never allocates.
public struct RTPHeaderRewrite: Sendable, Hashable {
    /// New synchronisation source, or nil to keep it.
    public var ssrc: UInt32?
    /// New sequence number, or nil to keep it.
    public var sequenceNumber: UInt16?
    /// New timestamp, or nil to keep it.
    public var timestamp: UInt32?
    /// New payload type (0-127), or nil to keep it.
    public var payloadType: UInt8?
    /// New marker bit, or nil to keep it.
    public var marker: Bool?

    /// A rewrite of the given fields.
    @inlinable
    public init(ssrc: UInt32? = nil, sequenceNumber: UInt16? = nil, timestamp: UInt32? = nil,
                payloadType: UInt8? = nil, marker: Bool? = nil) {
        self.ssrc = ssrc
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.payloadType = payloadType
        self.marker = marker
    }

    /// Writes the chosen fields into the RTP packet in `bytes`, in place.
    ///
    /// Throws ``WireError`` `.truncated` if `bytes` is shorter than the 12-byte fixed header,
    /// `.malformed` if the version is not 2 or the new payload type exceeds 7 bits; nothing is
    /// written when it throws.
    @inlinable
    public func apply<Bytes: MutableCollection & RandomAccessCollection>(to bytes: inout Bytes) throws(WireError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard bytes.count >= RTPHeaderView.fixedHeaderLength else {
            throw WireError(.truncated, "RTP header: need 12 bytes to rewrite, have \(bytes.count)")
        }
        guard ByteAccess.byte(bytes, 0) >> 6 == RTPHeaderView.version else {
            throw WireError(.malformed, "RTP version: not 2, refusing to rewrite")
        }
        if let payloadType, payloadType > 0x7F {
            throw WireError(.malformed, "RTP payload type: \(payloadType) exceeds 7 bits")
        }
        if payloadType != nil || marker != nil {
            let second = ByteAccess.byte(bytes, 1)
            let newMarker: UInt8 = marker.map { $0 ? 0x80 : 0 } ?? (second & 0x80)
            let newType = payloadType ?? (second & 0x7F)
            ByteAccess.store(newMarker | newType, in: &bytes, at: 1)
        }
        if let sequenceNumber { ByteAccess.store(sequenceNumber, in: &bytes, at: 2) }
        if let timestamp { ByteAccess.store(timestamp, in: &bytes, at: 4) }
        if let ssrc { ByteAccess.store(ssrc, in: &bytes, at: 8) }
    }
}
