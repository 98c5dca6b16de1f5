/// The media type of an `m=` line (RFC 8866 §5.14): `audio`, `video`, `application`, or another token.
public struct MediaKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The token as written.
    public var rawValue: String
    /// Creates a kind from a token.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Audio.
    public static let audio = MediaKind(rawValue: "audio")
    /// Video.
    public static let video = MediaKind(rawValue: "video")
    /// Application (WebRTC data channels, RFC 8841 §4).
    public static let application = MediaKind(rawValue: "application")

    /// The token.
    public var description: String { rawValue }
}
