/// A STUN method: the 12-bit operation a message carries (RFC 8489 §5, §18.2; TURN methods in
/// RFC 8656 §17).
///
/// Methods are open-ended, so this is a wrapper around the raw value rather than an enum; the
/// methods ICE and TURN use are provided as constants.
public struct STUNMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 12-bit method number (0x000-0xFFF).
    public let rawValue: UInt16

    /// Wraps a method number. Returns nil when it does not fit in 12 bits.
    public init?(rawValue: UInt16) {
        guard rawValue <= 0x0FFF else { return nil }
        self.rawValue = rawValue
    }

    private init(known value: UInt16) { rawValue = value }

    /// Binding (RFC 8489 §18.2): connectivity checks and server-reflexive discovery.
    public static let binding = STUNMethod(known: 0x001)
    /// Allocate (RFC 8656 §17): create a relayed transport address.
    public static let allocate = STUNMethod(known: 0x003)
    /// Refresh (RFC 8656 §17): extend or delete an allocation.
    public static let refresh = STUNMethod(known: 0x004)
    /// Send (RFC 8656 §17): an indication carrying data to a peer.
    public static let send = STUNMethod(known: 0x006)
    /// Data (RFC 8656 §17): an indication carrying data from a peer.
    public static let data = STUNMethod(known: 0x007)
    /// CreatePermission (RFC 8656 §17): install permissions for peer addresses.
    public static let createPermission = STUNMethod(known: 0x008)
    /// ChannelBind (RFC 8656 §17): bind a channel number to a peer address.
    public static let channelBind = STUNMethod(known: 0x009)

    /// The method name as the RFCs spell it, or its hex number when unknown.
    public var description: String {
        switch rawValue {
        case 0x001: "Binding"
        case 0x003: "Allocate"
        case 0x004: "Refresh"
        case 0x006: "Send"
        case 0x007: "Data"
        case 0x008: "CreatePermission"
        case 0x009: "ChannelBind"
        default: "Method(0x\(String(rawValue, radix: 16)))"
        }
    }
}
