/// Size limits of the signalling protocol (docs/signalling.md).
public enum SignallingLimits {
    /// The largest accepted WebSocket text frame, in bytes (64 KiB).
    public static let maximumFrameBytes = 65_536
    /// The longest accepted client request `id`, in characters.
    public static let maximumRequestIDLength = 64
    /// The longest accepted join token, in characters.
    public static let maximumTokenLength = 4_096
    /// The longest accepted room name, identity or display name, in characters.
    public static let maximumNameLength = 256
    /// The longest accepted track id, mid or ICE candidate line, in characters.
    public static let maximumShortFieldLength = 1_024
}
