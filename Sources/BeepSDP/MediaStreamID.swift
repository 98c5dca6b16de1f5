/// `a=msid`: the MediaStream and track a media section belongs to (RFC 8830 §2).
public struct MediaStreamID: Hashable, Sendable {
    /// The stream id (`-` when the track is in no stream).
    public var streamID: String
    /// The optional application data, the track id in browsers.
    public var trackID: String?

    /// Creates an msid.
    public init(streamID: String, trackID: String? = nil) {
        self.streamID = streamID
        self.trackID = trackID
    }

    /// Parses `<msid-id> [SP <msid-appdata>]`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> MediaStreamID {
        let f = SDPText.fields(value)
        guard let first = f.first else { throw SDPParseError(.missingField, "msid needs a stream id") }
        guard f.count <= 2 else { throw SDPParseError(.malformedLine, "msid has more than 2 fields") }
        return MediaStreamID(streamID: String(first), trackID: f.count == 2 ? String(f[1]) : nil)
    }

    /// The attribute value.
    public var sdpValue: String { trackID.map { "\(streamID) \($0)" } ?? streamID }
}
