import BeepSTUN
import BeepTURN

/// A TURN server an ``ICEAgent`` allocates a relayed candidate on (RFC 8445 §5.1.1.2,
/// RFC 8656), with long-term credentials such as the "TURN REST API" ones of
/// ``TURNCredentials`` that Beep issues with a join token.
public struct ICETURNServer: Sendable, Hashable {
    /// The server's transport address.
    public var address: STUNAddress
    /// UDP, or TCP/TLS (the driver owns the connection and terminates TLS).
    public var transport: TURNTransport
    /// USERNAME.
    public var username: String
    /// The password.
    public var password: String

    /// A server from its parts.
    public init(address: STUNAddress, transport: TURNTransport = .udp, username: String, password: String) {
        self.address = address
        self.transport = transport
        self.username = username
        self.password = password
    }

    /// A server with "TURN REST API" credentials.
    public init(address: STUNAddress, transport: TURNTransport = .udp, credentials: TURNCredentials) {
        self.init(address: address, transport: transport, username: credentials.username, password: credentials.password)
    }
}

/// Which local candidates may carry checks and media (the W3C `RTCIceTransportPolicy`).
public enum ICETransportPolicy: Sendable, Hashable {
    /// Every candidate.
    case all
    /// Relayed candidates only: host candidates serve only as bases for TURN, and checks
    /// arriving on them directly are dropped.
    case relay
}

/// Application data (not STUN) that arrived from a peer through a TURN relay.
public struct ICERelayedDatagram: Sendable, Hashable {
    /// The relayed candidate's address it arrived on.
    public var local: STUNAddress
    /// The peer that sent it.
    public var remote: STUNAddress
    /// The payload, e.g. a DTLS record or an SRTP packet.
    public var bytes: [UInt8]

    /// A datagram from its parts.
    public init(local: STUNAddress, remote: STUNAddress, bytes: [UInt8]) {
        self.local = local
        self.remote = remote
        self.bytes = bytes
    }
}

/// The state of one TURN server of an ``ICEAgent``, for logs, metrics and tests.
public struct ICERelayStatus: Sendable, Hashable {
    /// The server.
    public var server: STUNAddress
    /// Its transport.
    public var transport: TURNTransport
    /// The TURN client's allocation state.
    public var state: TURNClientState
    /// The relayed candidate, once allocated.
    public var candidate: ICECandidate?
    /// The TURN client's counters.
    public var statistics: TURNClientStatistics
}

/// One TURN client of an agent and the host base it sends from.
struct ICERelay {
    var server: ICETURNServer
    /// The local host address datagrams to the server leave from (UDP); for TCP/TLS the
    /// address of the host candidate of the same family, or the unspecified address
    /// (informational: the driver's connection decides).
    var base: STUNAddress
    var client: TURNClient
    var candidate: ICECandidate?
}

extension ICECandidate {
    /// A relayed candidate (RFC 8445 §5.1.1.2) at `address` on a TURN server: type
    /// preference 0 (RFC 8445 §5.1.2.2), related address the mapped address the server saw
    /// (RFC 8839 §5.1 `raddr`/`rport`), foundation from the base, server and its transport
    /// (RFC 8445 §5.1.1.3).
    public static func relayed(_ address: STUNAddress, relatedAddress: STUNAddress, base: STUNAddress,
                               server: STUNAddress, serverTransport: TURNTransport = .udp,
                               localPreference: UInt16 = 65535, component: UInt8 = 1) -> ICECandidate {
        ICECandidate(foundation: foundation(kind: .relay, base: base, server: server,
                                            serverTransport: serverTransport == .udp ? nil : serverTransport.rawValue),
                     component: component,
                     priority: priority(kind: .relay, localPreference: localPreference, component: component),
                     address: address, kind: .relay, relatedAddress: relatedAddress)
    }
}
