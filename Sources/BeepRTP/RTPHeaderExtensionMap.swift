import BeepWire

/// Maps negotiated `a=extmap` local identifiers to the extension kinds this module decodes
/// (RFC 8285 §5). The SDP layer fills it; the hot path looks ids up without allocating.
public struct RTPHeaderExtensionMap: Sendable, Hashable {
    @usableFromInline var mid: UInt8 = 0
    @usableFromInline var rtpStreamID: UInt8 = 0
    @usableFromInline var repairedRTPStreamID: UInt8 = 0
    @usableFromInline var absSendTime: UInt8 = 0
    @usableFromInline var transportWideSequenceNumber: UInt8 = 0
    @usableFromInline var audioLevel: UInt8 = 0
    @usableFromInline var videoOrientation: UInt8 = 0

    /// An empty map.
    public init() {}

    /// A map with the given kinds registered. Throws like ``register(id:for:)``.
    public init(_ entries: [RTPHeaderExtensionKind: UInt8]) throws(WireError) {
        for (kind, id) in entries { try register(id: id, for: kind) }
    }

    /// The local identifier negotiated for `kind`, or nil.
    @inlinable
    public func id(for kind: RTPHeaderExtensionKind) -> UInt8? {
        let id: UInt8
        switch kind {
        case .mid: id = mid
        case .rtpStreamID: id = rtpStreamID
        case .repairedRTPStreamID: id = repairedRTPStreamID
        case .absSendTime: id = absSendTime
        case .transportWideSequenceNumber: id = transportWideSequenceNumber
        case .audioLevel: id = audioLevel
        case .videoOrientation: id = videoOrientation
        }
        return id == 0 ? nil : id
    }

    /// The kind registered under local identifier `id`, or nil. Never allocates.
    @inlinable
    public func kind(for id: UInt8) -> RTPHeaderExtensionKind? {
        switch id {
        case 0: nil
        case mid: .mid
        case rtpStreamID: .rtpStreamID
        case repairedRTPStreamID: .repairedRTPStreamID
        case absSendTime: .absSendTime
        case transportWideSequenceNumber: .transportWideSequenceNumber
        case audioLevel: .audioLevel
        case videoOrientation: .videoOrientation
        default: nil
        }
    }

    /// Registers `kind` under local identifier `id` (1-255, RFC 8285 §5), replacing any
    /// previous id for that kind. Throws ``WireError`` `.malformed` for id 0 or an id already
    /// used by another kind.
    public mutating func register(id: UInt8, for kind: RTPHeaderExtensionKind) throws(WireError) {
        guard id != 0 else {
            throw WireError(.malformed, "extmap id 0 is reserved (RFC 8285 §5)")
        }
        if let existing = self.kind(for: id), existing != kind {
            throw WireError(.malformed, "extmap id \(id) already used by \(existing.uri)")
        }
        set(id, for: kind)
    }

    /// Registers the extension named by an `a=extmap` URI; returns false (and changes nothing)
    /// for a URI this module does not decode. Throws like ``register(id:for:)``.
    @discardableResult
    public mutating func register(id: UInt8, uri: String) throws(WireError) -> Bool {
        guard let kind = RTPHeaderExtensionKind(uri: uri) else { return false }
        try register(id: id, for: kind)
        return true
    }

    /// Removes the registration of `kind`.
    public mutating func remove(_ kind: RTPHeaderExtensionKind) { set(0, for: kind) }

    private mutating func set(_ id: UInt8, for kind: RTPHeaderExtensionKind) {
        switch kind {
        case .mid: mid = id
        case .rtpStreamID: rtpStreamID = id
        case .repairedRTPStreamID: repairedRTPStreamID = id
        case .absSendTime: absSendTime = id
        case .transportWideSequenceNumber: transportWideSequenceNumber = id
        case .audioLevel: audioLevel = id
        case .videoOrientation: videoOrientation = id
        }
    }
}
