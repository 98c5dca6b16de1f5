/// The header extensions WebRTC negotiates, identified by their `a=extmap` URIs (RFC 8285 §5).
public enum RTPHeaderExtensionKind: String, Sendable, Hashable, CaseIterable {
    /// The BUNDLE media identification (RFC 8843 §15).
    case mid = "urn:ietf:params:rtp-hdrext:sdes:mid"
    /// The simulcast stream identifier, RtpStreamId (RFC 8852 §3.1).
    case rtpStreamID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
    /// The stream identifier a redundancy stream repairs, RepairedRtpStreamId (RFC 8852 §3.2).
    case repairedRTPStreamID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"
    /// Absolute send time, 24-bit 6.18 fixed-point seconds (webrtc.org abs-send-time).
    case absSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
    /// Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).
    case transportWideSequenceNumber = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    /// Client-to-mixer audio level (RFC 6464).
    case audioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
    /// Coordination of video orientation (3GPP TS 26.114 §7.4.5, CVO).
    case videoOrientation = "urn:3gpp:video-orientation"

    /// The `a=extmap` URI.
    public var uri: String { rawValue }

    /// The kind for an `a=extmap` URI, or nil for an extension this module does not know.
    public init?(uri: String) { self.init(rawValue: uri) }
}
