/// Bounds that keep parsing cheap on hostile input. A real browser offer with many
/// simulcast video sections stays well under both.
public enum SDPLimits {
    /// The largest accepted description, in UTF-8 bytes.
    public static let maxBytes = 64 * 1024
    /// The largest accepted number of lines.
    public static let maxLines = 2_048
}
