import BeepWire

/// An RTP packet as a plain value (RFC 3550 §5.1): header fields, CSRC list, header
/// extension, payload and padding. Parsing copies the parts out; ``serialized()`` writes them
/// back byte-exact for any packet whose padding bytes before the count byte are zero (the
/// usual case; other padding content is not kept).
///
/// For forwarding without copies use ``RTPHeaderView`` and ``RTPHeaderRewrite`` instead.
public struct RTPPacket: Sendable, Hashable {
    /// The M bit.
    public var marker: Bool
    /// The payload type (0-127).
    public var payloadType: UInt8
    /// The sequence number.
    public var sequenceNumber: UInt16
    /// The media timestamp.
    public var timestamp: UInt32
    /// The synchronisation source.
    public var ssrc: UInt32
    /// Contributing sources (at most 15).
    public var csrcs: [UInt32]
    /// The header extension block, or nil when the X bit is clear.
    public var headerExtension: RTPHeaderExtension?
    /// The payload, without padding.
    public var payload: [UInt8]
    /// Padding bytes at the end including the count byte (1-255), or 0 for no padding (P bit).
    public var paddingLength: Int

    /// A packet with the given fields.
    public init(marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32,
                ssrc: UInt32, csrcs: [UInt32] = [], headerExtension: RTPHeaderExtension? = nil,
                payload: [UInt8] = [], paddingLength: Int = 0) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
        self.payload = payload
        self.paddingLength = paddingLength
    }

    /// Parses an RTP packet (RFC 3550 §5.1); fuzz-friendly, accepts any bytes.
    /// Throws the same ``WireError``s as ``RTPHeaderView/init(parsing:)``.
    public init(parsing bytes: [UInt8]) throws(WireError) {
        let view = try RTPHeaderView(parsing: bytes)
        self.init(view: view, bytes: bytes)
    }

    /// Copies a packet out of an already-parsed view of `bytes`.
    public init(view: RTPHeaderView, bytes: [UInt8]) {
        marker = view.marker
        payloadType = view.payloadType
        sequenceNumber = view.sequenceNumber
        timestamp = view.timestamp
        ssrc = view.ssrc
        csrcs = (0..<view.csrcCount).compactMap { view.csrc(at: $0, in: bytes) }
        let clamp = { (range: Range<Int>) -> [UInt8] in
            range.upperBound <= bytes.count ? Array(bytes[range]) : []
        }
        headerExtension = view.hasExtension
            ? RTPHeaderExtension(profile: view.extensionProfile, data: clamp(view.extensionRange)) : nil
        payload = clamp(view.payloadRange)
        paddingLength = view.paddingLength
    }

    /// Number of bytes ``serialized()`` produces (meaningless if the fields are invalid).
    public var serializedLength: Int {
        RTPHeaderView.fixedHeaderLength &+ csrcs.count &* 4 &+ (headerExtension.map { 4 &+ $0.data.count } ?? 0)
            &+ payload.count &+ paddingLength
    }

    /// The wire form of this packet (RFC 3550 §5.1).
    ///
    /// Throws ``WireError`` `.malformed` for a payload type over 127, more than 15 CSRCs,
    /// extension data not a multiple of 4 bytes, or a padding length outside 0-255;
    /// `.tooLarge` for extension data over 65535 words.
    public func serialized() throws(WireError) -> [UInt8] {
        try validate()
        var writer = ByteWriter(capacity: serializedLength)
        try serialize(into: &writer)
        return writer.bytes
    }

    /// Appends the wire form of this packet to `writer`; see ``serialized()``.
    public func serialize(into writer: inout ByteWriter) throws(WireError) {
        try validate()
        var first: UInt8 = RTPHeaderView.version << 6 | UInt8(truncatingIfNeeded: csrcs.count)
        if paddingLength > 0 { first |= 0x20 }
        if headerExtension != nil { first |= 0x10 }
        writer.write(first)
        writer.write((marker ? 0x80 : 0) | payloadType)
        writer.write(sequenceNumber)
        writer.write(timestamp)
        writer.write(ssrc)
        for csrc in csrcs { writer.write(csrc) }
        if let headerExtension {
            writer.write(headerExtension.profile)
            writer.write(UInt16(truncatingIfNeeded: headerExtension.data.count / 4))
            writer.write(bytes: headerExtension.data)
        }
        writer.write(bytes: payload)
        if paddingLength > 0 {
            writer.writeZeros(paddingLength - 1)
            writer.write(UInt8(truncatingIfNeeded: paddingLength))
        }
    }

    /// Checks that every field fits the wire format; throws the errors ``serialized()`` lists.
    public func validate() throws(WireError) {
        guard payloadType <= 0x7F else {
            throw WireError(.malformed, "RTP payload type: \(payloadType) exceeds 7 bits")
        }
        guard csrcs.count <= 15 else {
            throw WireError(.malformed, "RTP CSRC list: \(csrcs.count) entries, at most 15")
        }
        guard (0...255).contains(paddingLength) else {
            throw WireError(.malformed, "RTP padding: length \(paddingLength) outside 0-255")
        }
        if let headerExtension {
            guard headerExtension.data.count % 4 == 0 else {
                throw WireError(.malformed, "RTP header extension: \(headerExtension.data.count) bytes is not whole words")
            }
            guard headerExtension.data.count / 4 <= Int(UInt16.max) else {
                throw WireError(.tooLarge, "RTP header extension: over 65535 words")
            }
        }
    }
}
