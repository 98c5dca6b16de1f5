/// What a published track carries (docs/signalling.md, "Model").
public enum TrackKind: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Microphone audio.
    case audio
    /// Camera video.
    case video
    /// Screen-share video.
    case screen

    /// The token permission needed to publish this kind.
    public var requiredPermission: CallPermission {
        switch self {
        case .audio: .publishAudio
        case .video: .publishVideo
        case .screen: .publishScreen
        }
    }
}
