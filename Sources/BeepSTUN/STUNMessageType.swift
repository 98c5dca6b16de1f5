/// The 14-bit STUN message type: a method with its class bits interleaved (RFC 8489 §5,
/// figure 3: `M11..M7 C1 M6..M4 C0 M3..M0`).
public struct STUNMessageType: Hashable, Sendable, CustomStringConvertible {
    /// The operation.
    public var method: STUNMethod
    /// Request, indication, success or error response.
    public var messageClass: STUNClass

    /// A message type from its parts.
    public init(method: STUNMethod, messageClass: STUNClass) {
        self.method = method
        self.messageClass = messageClass
    }

    /// Decodes the first 16 bits of a STUN header. Returns nil when either of the two most
    /// significant bits is set (RFC 8489 §5: they MUST be zero).
    public init?(rawValue: UInt16) {
        guard rawValue & 0xC000 == 0 else { return nil }
        let method = (rawValue & 0x000F) | ((rawValue & 0x00E0) >> 1) | ((rawValue & 0x3E00) >> 2)
        let classBits = ((rawValue & 0x0010) >> 4) | ((rawValue & 0x0100) >> 7)
        guard let stunMethod = STUNMethod(rawValue: method),
              let stunClass = STUNClass(rawValue: UInt8(truncatingIfNeeded: classBits))
        else { return nil }
        self.init(method: stunMethod, messageClass: stunClass)
    }

    /// The encoded 16-bit field (RFC 8489 §5).
    public var rawValue: UInt16 {
        let m = method.rawValue
        let c = UInt16(messageClass.rawValue)
        return (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
            | ((c & 0b01) << 4) | ((c & 0b10) << 7)
    }

    /// For example "Binding request".
    public var description: String { "\(method) \(messageClass)" }
}
