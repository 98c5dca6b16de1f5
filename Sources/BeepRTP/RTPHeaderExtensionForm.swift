/// The two general header extension mechanisms of RFC 8285 §4, told apart by the 16-bit
/// "defined by profile" field of the RTP header extension (RFC 3550 §5.3.1).
public enum RTPHeaderExtensionForm: Sendable, Hashable {
    /// One-byte headers (RFC 8285 §4.2): profile 0xBEDE, ids 1-14, 1-16 data bytes.
    case oneByte
    /// Two-byte headers (RFC 8285 §4.3): profile 0x100 in the top 12 bits plus 4 "appbits",
    /// ids 1-255, 0-255 data bytes.
    case twoByte

    /// The one-byte form's profile value (RFC 8285 §4.2).
    public static let oneByteProfile: UInt16 = 0xBEDE
    /// The two-byte form's profile value with appbits zero (RFC 8285 §4.3).
    public static let twoByteProfile: UInt16 = 0x1000

    /// The form a profile value announces, or nil for a non-RFC 8285 extension.
    @inlinable
    public init?(profile: UInt16) {
        if profile == Self.oneByteProfile {
            self = .oneByte
        } else if profile & 0xFFF0 == Self.twoByteProfile {
            self = .twoByte
        } else {
            return nil
        }
    }
}
