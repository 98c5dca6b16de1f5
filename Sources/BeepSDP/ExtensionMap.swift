/// `a=extmap`: maps an RTP header extension URI to a local id (RFC 8285 §8).
public struct ExtensionMap: Hashable, Sendable {
    /// The local identifier: 1...14 for one-byte headers, up to 255 for two-byte headers, and
    /// 4096...4351 in offers for "answerer picks" (RFC 8285 §6, §7).
    public var id: UInt16
    /// The direction, when written (`/sendonly` etc.).
    public var direction: MediaDirection?
    /// The extension URI, e.g. `urn:ietf:params:rtp-hdrext:sdes:mid`.
    public var uri: String
    /// Extension attributes after the URI, kept verbatim.
    public var extensionAttributes: String?

    /// Creates an extmap.
    public init(id: UInt16, direction: MediaDirection? = nil, uri: String, extensionAttributes: String? = nil) {
        self.id = id
        self.direction = direction
        self.uri = uri
        self.extensionAttributes = extensionAttributes
    }

    /// Well-known URIs used by WebRTC.
    public enum URI {
        /// RFC 8843 §15.1: the MID header extension.
        public static let mid = "urn:ietf:params:rtp-hdrext:sdes:mid"
        /// RFC 8852 §4.3: RtpStreamId (rid).
        public static let rtpStreamID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
        /// RFC 8852 §4.4: RepairedRtpStreamId.
        public static let repairedRTPStreamID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"
        /// RFC 6464: client-to-mixer audio level.
        public static let audioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
        /// Absolute send time (webrtc.org).
        public static let absSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
        /// Transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01).
        public static let transportWideCC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    }

    /// Parses `<id>[/<direction>] SP <uri> [SP <extensionattributes>]`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> ExtensionMap {
        let f = SDPText.fields(value)
        try SDPText.require(f, atLeast: 2, "extmap")
        let (idText, directionText) = SDPText.splitOnce(f[0], at: "/")
        let id: UInt16 = try SDPText.number(idText, field: "extmap id")
        guard (1...255).contains(id) || (4096...4351).contains(id) else {
            throw SDPParseError(.outOfRange, "extmap id \(id) is outside 1...255 and 4096...4351")
        }
        var direction: MediaDirection?
        if let directionText {
            guard let parsed = MediaDirection(rawValue: String(directionText)) else {
                throw SDPParseError(.invalidValue, "extmap direction '\(SDPText.clip(directionText))' is unknown")
            }
            direction = parsed
        }
        let attributes = f.count > 2 ? f.dropFirst(2).joined(separator: " ") : nil
        return ExtensionMap(id: id, direction: direction, uri: String(f[1]), extensionAttributes: attributes)
    }

    /// The attribute value.
    public var sdpValue: String {
        var out = "\(id)"
        if let direction { out += "/\(direction.rawValue)" }
        out += " \(uri)"
        if let extensionAttributes { out += " \(extensionAttributes)" }
        return out
    }
}
