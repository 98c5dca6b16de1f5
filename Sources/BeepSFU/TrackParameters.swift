import BeepRTP

/// What a publisher sends for one track, as negotiated in its SDP offer/answer: the router
/// uses it to recognise the track's RTP packets and to read their header extensions.
public struct ProducerParameters: Sendable, Hashable {
    /// Audio or video.
    public var kind: MediaKind
    /// The codec (decides key frame detection).
    public var codec: SFUCodec
    /// The SSRC the publisher sends the track with (RFC 3550 §3).
    public var ssrc: UInt32
    /// The payload type the publisher uses (RFC 3550 §5.1, from its `a=rtpmap`).
    public var payloadType: UInt8
    /// The RTP clock rate in Hz (48 000 for Opus, 90 000 for VP8).
    public var clockRate: UInt32
    /// The publisher's `a=extmap` ids (RFC 8285 §5): audio level, mid, abs-send-time...
    public var headerExtensions: RTPHeaderExtensionMap

    /// Parameters with the given values.
    public init(kind: MediaKind, codec: SFUCodec, ssrc: UInt32, payloadType: UInt8, clockRate: UInt32,
                headerExtensions: RTPHeaderExtensionMap = RTPHeaderExtensionMap()) {
        self.kind = kind
        self.codec = codec
        self.ssrc = ssrc
        self.payloadType = payloadType
        self.clockRate = clockRate
        self.headerExtensions = headerExtensions
    }
}

/// What one subscriber receives for one producer: its own SSRC, payload type and extension ids,
/// as negotiated in the subscriber's SDP. The router rewrites each forwarded packet to these.
public struct ConsumerParameters: Sendable, Hashable {
    /// The SSRC the subscriber sees for this track (constant across pause/resume and producer
    /// replacement).
    public var ssrc: UInt32
    /// The payload type negotiated with the subscriber for the producer's codec.
    public var payloadType: UInt8
    /// The subscriber's `a=extmap` ids (RFC 8285 §5); ids of kinds the subscriber did not
    /// negotiate are moved to an id it does not use, so it ignores them (RFC 8285 §4.2).
    public var headerExtensions: RTPHeaderExtensionMap

    /// Parameters with the given values.
    public init(ssrc: UInt32, payloadType: UInt8,
                headerExtensions: RTPHeaderExtensionMap = RTPHeaderExtensionMap()) {
        self.ssrc = ssrc
        self.payloadType = payloadType
        self.headerExtensions = headerExtensions
    }
}
