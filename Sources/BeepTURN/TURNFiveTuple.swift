import BeepSTUN

/// The transport between a TURN client and the server (RFC 8656 §3.1). Only the
/// client-facing side varies: the relayed side is always UDP here (RFC 8656 §7.2 step 3).
public enum TURNTransport: String, Sendable, Hashable, CaseIterable {
    /// TURN over UDP: one STUN or ChannelData message per datagram.
    case udp
    /// TURN over TCP: STUN and ChannelData messages framed on a stream (RFC 8656 §12.5).
    case tcp
    /// TURN over TLS-over-TCP: framed like TCP; the driver terminates TLS.
    case tls

    /// True for the stream transports, where ChannelData must be padded (RFC 8656 §12.5).
    public var isStream: Bool { self != .udp }
}

/// The client's 5-tuple that names an allocation: transport, client address and the
/// server address it reached (RFC 8656 §2, "5-tuple"; §3.1).
public struct TURNFiveTuple: Sendable, Hashable, CustomStringConvertible {
    /// UDP, TCP or TLS.
    public var transport: TURNTransport
    /// The client's (server-reflexive) transport address as the server sees it.
    public var client: STUNAddress
    /// The server's local transport address the client sent to (e.g. 0.0.0.0 is not used:
    /// the driver passes the concrete local address of the socket).
    public var server: STUNAddress

    /// A 5-tuple from its parts.
    public init(transport: TURNTransport, client: STUNAddress, server: STUNAddress) {
        self.transport = transport
        self.client = client
        self.server = server
    }

    /// For example "udp 203.0.113.5:50000 -> 192.0.2.1:3478".
    public var description: String { "\(transport.rawValue) \(client) -> \(server)" }
}
