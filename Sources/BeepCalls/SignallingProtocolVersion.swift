/// The version of the Beep signalling protocol described in `docs/signalling.md`.
///
/// Every frame carries it in its `v` field. Version 2 adds session resumption (`resume`,
/// `participantConnection`), `connectionQuality` and `removed` to version 1 without changing
/// any version 1 message, so a server accepts frames of either version and writes
/// ``current``; any other version is refused with `unsupported_version`.
public enum SignallingProtocolVersion {
    /// The version this build writes.
    public static let current = 2
    /// The versions this build reads.
    public static let supported: ClosedRange<Int> = 1...2
}
