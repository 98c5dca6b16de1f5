import BeepSTUN

/// The state of a ``TURNClient``'s allocation.
public enum TURNClientState: Sendable, Hashable {
    /// ``TURNClient/allocate(now:)`` not called yet.
    case idle
    /// Allocate sent (possibly after a 401 challenge); no allocation yet.
    case allocating
    /// The allocation exists; data can be relayed.
    case allocated
    /// Refresh with LIFETIME 0 sent (RFC 8656 §7.3 via §8).
    case releasing
    /// The allocation was deleted (or never made and the client was released).
    case released
    /// The allocation failed or was lost.
    case failed(TURNClientError)
}

/// Something the ``TURNClient`` reports; drain with ``TURNClient/pollEvent()``.
public enum TURNClientEvent: Sendable, Hashable {
    /// Allocate succeeded (RFC 8656 §7.3): the relayed transport address, the client's
    /// address as the server saw it (XOR-MAPPED-ADDRESS) and the granted lifetime in seconds.
    case allocated(relayed: STUNAddress, mapped: STUNAddress?, lifetime: UInt32)
    /// A Refresh succeeded with this lifetime (RFC 8656 §8).
    case refreshed(lifetime: UInt32)
    /// A permission for the peer's IP address was installed (RFC 8656 §9).
    case permissionCreated(peer: STUNAddress)
    /// CreatePermission failed (e.g. 403 Forbidden); packets queued for the peer are dropped.
    case permissionFailed(peer: STUNAddress, TURNClientError)
    /// ChannelBind succeeded (RFC 8656 §12): data to and from the peer now uses ChannelData.
    case channelBound(channel: UInt16, peer: STUNAddress)
    /// ChannelBind failed; the peer is still reached with Send indications.
    case channelBindFailed(peer: STUNAddress, TURNClientError)
    /// Data from a peer, from a Data indication (RFC 8656 §11.4) or ChannelData (§12.6).
    case data(from: STUNAddress, payload: [UInt8])
    /// The allocation failed or was lost; the client does nothing more.
    case failed(TURNClientError)
    /// The allocation was released (Refresh with LIFETIME 0 answered, or timed out).
    case released
}

/// Counters of a ``TURNClient``.
public struct TURNClientStatistics: Sendable, Hashable {
    /// Requests sent, retransmissions excluded.
    public var requestsSent = 0
    /// Request retransmissions over UDP (RFC 8489 §6.2.1).
    public var retransmissions = 0
    /// Channel bindings confirmed by the server (refreshes not counted, RFC 8656 §12).
    public var channelsBound = 0
    /// Send indications sent (RFC 8656 §11.3).
    public var sendIndications = 0
    /// ChannelData messages sent (RFC 8656 §12.5).
    public var channelDataSent = 0
    /// Data indications received (RFC 8656 §11.4).
    public var dataIndicationsReceived = 0
    /// ChannelData messages received (RFC 8656 §12.6).
    public var channelDataReceived = 0
    /// Packets dropped because too many were queued behind a pending permission.
    public var droppedQueueFull = 0
    /// Input that did not parse, matched no transaction or failed integrity.
    public var droppedInput = 0

    /// All zero.
    public init() {}
}
