import BeepSTUN

/// Settings of a ``TURNClient``: the server, the transport to it, the long-term credentials
/// (RFC 8489 §9.2) and the timers of RFC 8656 and RFC 8489 §6.2.
public struct TURNClientConfiguration: Sendable {
    /// The TURN server's transport address.
    public var server: STUNAddress
    /// UDP, or a stream (TCP; TLS with the driver terminating it) framed per RFC 8656 §12.5.
    public var transport: TURNTransport
    /// USERNAME, e.g. a "TURN REST API" username `"<expiry>:<user id>"`.
    public var username: String
    /// The password, e.g. `base64(HMAC-SHA1(secret, username))` (``TURNCredentials``).
    public var password: String
    /// LIFETIME asked for in Allocate and Refresh (RFC 8656 §7.1, §8), seconds; nil sends none
    /// and lets the server choose its default.
    public var requestedLifetime: UInt32? = 600
    /// How long before the allocation expires a Refresh is sent (RFC 8656 §8); for lifetimes
    /// shorter than twice this margin the Refresh goes out at half the lifetime.
    public var refreshMargin: Duration = .seconds(60)
    /// How often a used permission is refreshed: under the server's 300 s (RFC 8656 §9).
    public var permissionRefreshInterval: Duration = .seconds(240)
    /// How often a used channel binding is refreshed: under the server's 600 s (RFC 8656 §12).
    public var channelRefreshInterval: Duration = .seconds(480)
    /// The initial retransmission timeout over UDP (RFC 8489 §6.2.1: 500 ms recommended).
    public var initialRTO: Duration = .milliseconds(500)
    /// Retransmissions after the first send over UDP (RFC 8489 §6.2.1: Rc − 1 = 6).
    public var retransmissions: Int = 6
    /// After the last retransmission, the client waits this many initial RTOs for a
    /// response (RFC 8489 §6.2.1: Rm = 16).
    public var finalWaitMultiplier: Int = 16
    /// Over TCP/TLS there are no retransmissions; a request fails after this long
    /// (RFC 8489 §6.2.2: Ti = 39.5 s).
    public var streamTransactionTimeout: Duration = .milliseconds(39_500)
    /// Consecutive 438 Stale Nonce answers to one request that are retried with the new
    /// nonce (RFC 8489 §9.2.5) before the request fails.
    public var maxStaleNonceRetries: Int = 3
    /// Packets held per peer while its permission is being created; older ones are dropped.
    public var maxQueuedPacketsPerPeer: Int = 64
    /// Largest reassembly buffer on a stream transport before the stream is declared out of
    /// sync.
    public var maxStreamBufferBytes: Int = 262_144
    /// SOFTWARE sent in requests, or nil for none.
    public var software: String? = "Beep TURN client"
    /// Adds FINGERPRINT to requests and indications (RFC 8489 §14.7).
    public var fingerprint: Bool = true

    /// A configuration with the required settings; the rest have the RFC defaults.
    public init(server: STUNAddress, transport: TURNTransport = .udp, username: String, password: String) {
        self.server = server
        self.transport = transport
        self.username = username
        self.password = password
    }

    /// A configuration using "TURN REST API" credentials (``TURNCredentials``), the scheme
    /// Beep's TURN server and coturn's `use-auth-secret` check.
    public init(server: STUNAddress, transport: TURNTransport = .udp, credentials: TURNCredentials) {
        self.init(server: server, transport: transport, username: credentials.username, password: credentials.password)
    }
}
