/// Size limits of STUN attribute values (RFC 8489 §14). Senders are held to the strict
/// limit; receivers accept the larger one, as RFC 8489 asks for compatibility with RFC 5389
/// peers.
public enum STUNLimits {
    /// Largest USERNAME, REALM, NONCE, SOFTWARE or ERROR-CODE reason this implementation
    /// sends: "fewer than 509 bytes" (RFC 8489 §14.3, §14.8-§14.10, §14.14).
    public static let maxSentTextLength = 508
    /// Largest such value accepted when parsing: "MUST be able to parse ... 763 or fewer
    /// octets" (RFC 8489 §14.3; the same 763 for REALM, NONCE, SOFTWARE and the reason).
    public static let maxReceivedTextLength = 763
    /// ALTERNATE-DOMAIN: a DNS name of 255 or fewer characters (RFC 8489 §14.16).
    public static let maxDomainLength = 255
    /// An attribute value is at most 65535 bytes: its length field has 16 bits (RFC 8489 §14).
    public static let maxValueLength = 0xFFFF
    /// The message length field has 16 bits too, so a message is at most 20 + 65532 bytes
    /// (the length is a multiple of 4, RFC 8489 §5).
    public static let maxMessageBodyLength = 0xFFFC
}
