/// A permission granted by a join token (issue 4 item 4; docs/signalling.md, "Join tokens").
public enum CallPermission: String, Sendable, Equatable, Hashable, CaseIterable, Codable, Comparable {
    /// May publish microphone audio.
    case publishAudio
    /// May publish camera video.
    case publishVideo
    /// May publish a screen share.
    case publishScreen
    /// Receives the other participants' tracks.
    case subscribe

    /// Orders permissions by their declaration order, so lists print stably.
    public static func < (lhs: CallPermission, rhs: CallPermission) -> Bool {
        let order = CallPermission.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}
