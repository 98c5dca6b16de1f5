import BeepWire

/// Typed, allocation-free reads (and in-place writes) of the WebRTC header extensions through
/// a parsed ``RTPHeaderView``, with ids taken from a negotiated ``RTPHeaderExtensionMap``.
/// Each read returns nil when the kind is not negotiated, absent, or has the wrong length.
extension RTPHeaderView {
    /// The data range of the element negotiated for `kind`, or nil.
    @inlinable
    public func extensionElement<Bytes: RandomAccessCollection>(
        _ kind: RTPHeaderExtensionKind, in bytes: Bytes, map: RTPHeaderExtensionMap
    ) -> Range<Int>? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let id = map.id(for: kind) else { return nil }
        return extensionElement(id: id, in: bytes)
    }

    /// The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).
    @inlinable
    public func transportWideSequenceNumber<Bytes: RandomAccessCollection>(
        in bytes: Bytes, map: RTPHeaderExtensionMap
    ) -> UInt16? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let range = extensionElement(.transportWideSequenceNumber, in: bytes, map: map),
              range.count == TransportWideSequenceNumber.length else { return nil }
        return ByteAccess.uint16(bytes, range.lowerBound)
    }

    /// The abs-send-time value.
    @inlinable
    public func absSendTime<Bytes: RandomAccessCollection>(
        in bytes: Bytes, map: RTPHeaderExtensionMap
    ) -> AbsSendTime? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let range = extensionElement(.absSendTime, in: bytes, map: map),
              range.count == AbsSendTime.length else { return nil }
        let offset = range.lowerBound
        return AbsSendTime(rawValue: UInt32(ByteAccess.byte(bytes, offset)) << 16
            | UInt32(ByteAccess.uint16(bytes, offset &+ 1)))
    }

    /// The audio level (RFC 6464 §3).
    @inlinable
    public func audioLevel<Bytes: RandomAccessCollection>(
        in bytes: Bytes, map: RTPHeaderExtensionMap
    ) -> AudioLevel? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let range = extensionElement(.audioLevel, in: bytes, map: map),
              range.count == AudioLevel.length else { return nil }
        let byte = ByteAccess.byte(bytes, range.lowerBound)
        return AudioLevel(voiceActivity: byte & 0x80 != 0, level: byte & 0x7F)
    }

    /// The video orientation (3GPP TS 26.114 §7.4.5).
    @inlinable
    public func videoOrientation<Bytes: RandomAccessCollection>(
        in bytes: Bytes, map: RTPHeaderExtensionMap
    ) -> VideoOrientation? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let range = extensionElement(.videoOrientation, in: bytes, map: map),
              range.count == VideoOrientation.length else { return nil }
        return VideoOrientation(byte: ByteAccess.byte(bytes, range.lowerBound))
    }

    /// The text of an SDES-valued extension (`.mid`, `.rtpStreamID`, `.repairedRTPStreamID`);
    /// allocates the returned string. Nil when absent or not valid text.
    public func sdesValue(_ kind: RTPHeaderExtensionKind, in bytes: [UInt8], map: RTPHeaderExtensionMap) -> String? {
        guard let range = extensionElement(kind, in: bytes, map: map) else { return nil }
        return try? SDESHeaderExtension.parse(bytes[range])
    }

    /// Overwrites the transport-wide sequence number in place (an SFU renumbers on egress).
    /// Returns false, writing nothing, when the element is not present with 2 bytes.
    @inlinable @discardableResult
    public func setTransportWideSequenceNumber<Bytes: MutableCollection & RandomAccessCollection>(
        _ value: UInt16, in bytes: inout Bytes, map: RTPHeaderExtensionMap
    ) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let range = extensionElement(.transportWideSequenceNumber, in: bytes, map: map),
              range.count == TransportWideSequenceNumber.length else { return false }
        ByteAccess.store(value, in: &bytes, at: range.lowerBound)
        return true
    }

    /// Overwrites the abs-send-time value in place. Returns false, writing nothing, when the
    /// element is not present with 3 bytes.
    @inlinable @discardableResult
    public func setAbsSendTime<Bytes: MutableCollection & RandomAccessCollection>(
        _ value: AbsSendTime, in bytes: inout Bytes, map: RTPHeaderExtensionMap
    ) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let range = extensionElement(.absSendTime, in: bytes, map: map),
              range.count == AbsSendTime.length else { return false }
        ByteAccess.store(UInt8(truncatingIfNeeded: value.rawValue >> 16), in: &bytes, at: range.lowerBound)
        ByteAccess.store(UInt16(truncatingIfNeeded: value.rawValue), in: &bytes, at: range.lowerBound &+ 1)
        return true
    }
}
