import BeepSTUN
import BeepTURN

/// Where Beep's TURN sockets listen and relay (the socket side of ``TURNServerConfiguration``).
public struct TURNSocketServerConfiguration: Sendable {
    /// The address the client-facing sockets bind (127.0.0.1 in tests, 0.0.0.0 in production).
    public var host: String
    /// UDP ports for TURN and STUN Binding (default 3478 and 3479). Port 0 binds an ephemeral port.
    public var udpPorts: [Int]
    /// TCP ports for TURN over TCP (RFC 8656 §3.1; default 3478). Port 0 binds an ephemeral port.
    public var tcpPorts: [Int]
    /// TCP ports for TURN over TLS (RFC 8656 §3.1; 5349 by convention), used only with ``tls``.
    public var tlsPorts: [Int]
    /// The certificate and key for ``tlsPorts``; nil serves no TLS.
    public var tls: TURNTLSIdentity?
    /// The concrete IP address relay sockets bind and that clients are told in
    /// XOR-RELAYED-ADDRESS (never 0.0.0.0).
    public var relayHost: STUNAddress
    /// The ports relay sockets take, lowest free first (RFC 8656 §7.2 suggests 49152-65535).
    public var relayPorts: ClosedRange<UInt16>
    /// The protocol settings: realm, secrets, lifetimes, quotas, bandwidth cap, peer policy.
    /// Its `unixTimeAtOrigin` is replaced at start from the wall clock.
    public var turn: TURNServerConfiguration

    /// A configuration; `turn` must carry the secret and the peer policy.
    public init(host: String = "0.0.0.0", udpPorts: [Int] = [3478, 3479], tcpPorts: [Int] = [3478],
                tlsPorts: [Int] = [], tls: TURNTLSIdentity? = nil,
                relayHost: STUNAddress, relayPorts: ClosedRange<UInt16> = 49152...65535,
                turn: TURNServerConfiguration) {
        self.host = host
        self.udpPorts = udpPorts
        self.tcpPorts = tcpPorts
        self.tlsPorts = tlsPorts
        self.tls = tls
        self.relayHost = relayHost
        self.relayPorts = relayPorts
        self.turn = turn
    }
}

/// Why the TURN sockets could not start.
public struct TURNSocketServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: Sendable, Hashable {
        /// The relay host is not a concrete IP address.
        case invalidRelayHost
        /// A listening socket could not be bound.
        case bindFailed
        /// The TLS certificate or key is missing, unreadable or does not fit (or TLS ports
        /// were given without them).
        case tlsConfiguration
    }

    /// What kind of failure.
    public var code: Code
    /// Details for the operator.
    public var reason: String

    /// An error from its parts.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `reason`.
    public var description: String { reason }
}
