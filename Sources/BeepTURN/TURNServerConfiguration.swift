import BeepSTUN

/// Settings of a ``TURNServer``: realm and secrets, lifetimes, quotas, bandwidth cap and the
/// peer address policy.
public struct TURNServerConfiguration: Sendable {
    /// The REALM of the long-term credentials (RFC 8489 §9.2).
    public var realm: String
    /// Shared "TURN REST API" secrets; the first signs new credentials, all are accepted so
    /// that a secret can be rotated (coturn `static-auth-secret`).
    public var secrets: [String]
    /// The key of the server's stateless nonces (random bytes chosen at startup).
    public var nonceKey: [UInt8]
    /// How long a NONCE stays valid before 438 Stale Nonce (RFC 8489 §9.2.4).
    public var nonceLifetime: Duration = .seconds(600)
    /// Unix seconds at `MonotonicTime.zero`: the server checks credential expiry against
    /// `unixTimeAtOrigin + now` without reading a clock.
    public var unixTimeAtOrigin: Int64
    /// Allocation lifetime when the client asks for less or none (RFC 8656 §7.2: 600 s).
    public var defaultLifetime: Duration = .seconds(600)
    /// Longest allocation lifetime granted (RFC 8656 §7.2: 3600 s recommended).
    public var maxLifetime: Duration = .seconds(3600)
    /// Permission lifetime (RFC 8656 §9: 300 s).
    public var permissionLifetime: Duration = .seconds(300)
    /// Channel binding lifetime (RFC 8656 §12: 600 s).
    public var channelLifetime: Duration = .seconds(600)
    /// Most simultaneous allocations per user ID (486 beyond, RFC 8656 §7.2 step 7).
    public var maxAllocationsPerUser: Int = 10
    /// Most simultaneous allocations in total (486 beyond).
    public var maxAllocations: Int = 1000
    /// Bandwidth cap per allocation in bytes per second, both directions together; nil for
    /// no cap. Excess packets are dropped and counted.
    public var bandwidthBytesPerSecond: Int?
    /// Token bucket depth for the cap, in bytes.
    public var bandwidthBurstBytes: Int = 256 * 1024
    /// Which peers the relay may reach (default: none).
    public var peerPolicy: TURNPeerAddressPolicy = .denyAll
    /// Channel numbers ChannelBind accepts and ChannelData may use. RFC 8656 §12 allows
    /// 0x4000-0x4FFF; RFC 5766 §11 allowed 0x4000-0x7FFF and clients such as coturn's
    /// `turnutils_uclient` still pick from that range, so the default accepts it (values are
    /// clamped to 0x4000-0x7FFF, the only numbers that cannot be mistaken for STUN or media).
    public var channelNumbers: ClosedRange<UInt16> = 0x4000...0x7FFF
    /// Largest TCP reassembly buffer per connection before the connection is closed.
    public var maxStreamBufferBytes: Int = 131_072
    /// SOFTWARE sent in responses, or nil for none.
    public var software: String? = "Beep TURN"

    /// A configuration with the required settings; the rest have the RFC defaults. Without a
    /// `nonceKey`, 32 random bytes are drawn (nonces then do not survive a restart, which
    /// only costs clients one 438 round trip).
    public init(realm: String, secrets: [String], nonceKey: [UInt8]? = nil, unixTimeAtOrigin: Int64) {
        self.realm = realm
        self.secrets = secrets
        var generator = SystemRandomNumberGenerator()
        self.nonceKey = nonceKey ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.unixTimeAtOrigin = unixTimeAtOrigin
    }
}
