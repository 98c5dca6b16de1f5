/// A `c=` line, or the address part of `a=rtcp` (RFC 8866 §5.7).
public struct ConnectionData: Hashable, Sendable {
    /// Network type, normally `IN`.
    public var networkType: String
    /// Address type, `IP4` or `IP6`.
    public var addressType: String
    /// The connection address, kept as text (may carry `/ttl/count` for multicast).
    public var address: String

    /// Creates connection data; defaults are the JSEP dummy address `IN IP4 0.0.0.0` (RFC 8829 §5.2.1).
    public init(networkType: String = "IN", addressType: String = "IP4", address: String = "0.0.0.0") {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Parses `<nettype> <addrtype> <connection-address>`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> ConnectionData {
        let f = SDPText.fields(value)
        guard f.count == 3 else {
            throw SDPParseError(f.count < 3 ? .missingField : .malformedLine,
                                "connection data needs 3 fields, has \(f.count)")
        }
        return ConnectionData(networkType: String(f[0]), addressType: String(f[1]), address: String(f[2]))
    }

    /// The text form `<nettype> <addrtype> <connection-address>`.
    public var sdpValue: String { "\(networkType) \(addressType) \(address)" }
}
