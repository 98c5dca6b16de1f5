/// The `o=` line: who created the session and which version of it this is (RFC 8866 §5.2).
public struct Origin: Hashable, Sendable {
    /// The user's login, or `-` (JSEP always uses `-`, RFC 8829 §5.2.1).
    public var username: String
    /// A numeric session identifier, unique for the originator.
    public var sessionID: UInt64
    /// Incremented whenever the description changes (RFC 8829 §5.2.2).
    public var sessionVersion: UInt64
    /// Network type, normally `IN`.
    public var networkType: String
    /// Address type, `IP4` or `IP6`.
    public var addressType: String
    /// Unicast address or host name of the originator.
    public var address: String

    /// Creates an origin; defaults follow JSEP (RFC 8829 §5.2.1: `- <id> <version> IN IP4 0.0.0.0`).
    public init(username: String = "-", sessionID: UInt64, sessionVersion: UInt64,
                networkType: String = "IN", addressType: String = "IP4", address: String = "0.0.0.0") {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Parses the value of an `o=` line: `<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> Origin {
        let f = SDPText.fields(value)
        guard f.count == 6 else {
            throw SDPParseError(f.count < 6 ? .missingField : .malformedLine,
                                "o= needs 6 fields, has \(f.count)")
        }
        return Origin(username: String(f[0]),
                      sessionID: try SDPText.number(f[1], field: "o= sess-id"),
                      sessionVersion: try SDPText.number(f[2], field: "o= sess-version"),
                      networkType: String(f[3]), addressType: String(f[4]), address: String(f[5]))
    }

    /// The value of the `o=` line.
    public var sdpValue: String {
        "\(username) \(sessionID) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}
