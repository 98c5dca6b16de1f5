/// Counters of a ``TURNServer``, for metrics.
public struct TURNServerStatistics: Sendable, Hashable {
    /// Allocations alive now.
    public var allocations = 0
    /// Datagrams sent toward peers.
    public var packetsToPeers = 0
    /// Application bytes sent toward peers.
    public var bytesToPeers = 0
    /// Datagrams relayed from peers to clients.
    public var packetsToClients = 0
    /// Application bytes relayed from peers to clients.
    public var bytesToClients = 0
    /// Packets dropped by the per-allocation bandwidth cap.
    public var droppedOverBandwidth = 0
    /// Packets dropped for lack of a permission or channel binding (RFC 8656 §9, §12).
    public var droppedNoPermission = 0
    /// Send indications dropped because the peer policy refuses the address.
    public var droppedForbiddenPeer = 0
    /// Inputs that did not parse, or arrived without an allocation.
    public var droppedMalformed = 0
    /// Requests answered with an error response.
    public var errorResponses = 0

    /// All zero.
    public init() {}
}
