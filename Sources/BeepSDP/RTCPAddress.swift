/// `a=rtcp`: the port (and optionally the address) for RTCP when not muxed (RFC 3605 §2.1).
public struct RTCPAddress: Hashable, Sendable {
    /// The RTCP port.
    public var port: UInt16
    /// The RTCP address, when given.
    public var connection: ConnectionData?

    /// Creates the attribute.
    public init(port: UInt16, connection: ConnectionData? = nil) {
        self.port = port
        self.connection = connection
    }

    /// Parses `<port> [<nettype> <addrtype> <connection-address>]`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> RTCPAddress {
        let f = SDPText.fields(value)
        guard let first = f.first else { throw SDPParseError(.missingField, "rtcp needs a port") }
        let port: UInt16 = try SDPText.number(first, field: "rtcp port")
        guard f.count > 1 else { return RTCPAddress(port: port) }
        guard f.count == 4 else {
            throw SDPParseError(.missingField, "rtcp address needs <nettype> <addrtype> <address>")
        }
        return RTCPAddress(port: port, connection: ConnectionData(
            networkType: String(f[1]), addressType: String(f[2]), address: String(f[3])))
    }

    /// The attribute value.
    public var sdpValue: String { connection.map { "\(port) \($0.sdpValue)" } ?? "\(port)" }
}
