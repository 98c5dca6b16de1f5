/// One trickled ICE candidate as the browser's `RTCIceCandidate` gives it (RFC 8838 §4;
/// the `candidate` string is the attribute value of RFC 8839 §5.1).
public struct ICECandidateLine: Sendable, Equatable, Hashable, Codable {
    /// The `candidate:...` attribute value.
    public var candidate: String
    /// The media stream identification tag of the m-section, if known.
    public var sdpMid: String?
    /// The index of the m-section, if known.
    public var sdpMLineIndex: Int?

    /// Creates a candidate line.
    public init(candidate: String, sdpMid: String? = nil, sdpMLineIndex: Int? = nil) {
        self.candidate = candidate
        self.sdpMid = sdpMid
        self.sdpMLineIndex = sdpMLineIndex
    }
}
