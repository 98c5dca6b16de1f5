/// The version of the Beep signalling protocol described in `docs/signalling.md`.
///
/// Every frame carries it in its `v` field; a server refuses frames of any other version
/// with the error code `bad_request`.
public enum SignallingProtocolVersion {
    /// The only version this build speaks.
    public static let current = 1
}
