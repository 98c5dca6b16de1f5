import BeepSTUN

/// An allocation as the driver sees it.
public struct TURNAllocationInfo: Sendable, Hashable {
    /// The client's 5-tuple.
    public var fiveTuple: TURNFiveTuple
    /// The relayed transport address (the driver's relay socket).
    public var relayedAddress: STUNAddress
    /// The authenticated USERNAME.
    public var username: String

    /// An allocation description.
    public init(fiveTuple: TURNFiveTuple, relayedAddress: STUNAddress, username: String) {
        self.fiveTuple = fiveTuple
        self.relayedAddress = relayedAddress
        self.username = username
    }
}

/// Why an allocation ended.
public enum TURNAllocationEndReason: Sendable, Hashable {
    /// Its lifetime passed without a Refresh (RFC 8656 §7).
    case expired
    /// The client sent Refresh with LIFETIME 0 (RFC 8656 §7.3).
    case deleted
    /// The client's TCP or TLS connection closed (RFC 8656 §3.1).
    case connectionClosed
}

/// Something the driver must do, polled from ``TURNServer/pollOutput()``.
public enum TURNServerOutput: Sendable, Hashable {
    /// Send `bytes` to the client on its 5-tuple (a datagram, or bytes written to the
    /// TCP/TLS connection; stream messages are already framed).
    case toClient(TURNFiveTuple, bytes: [UInt8])
    /// Send the UDP datagram `bytes` from the relay socket at `relayed` to `peer`. Only
    /// emitted for peers the policy allows and a permission covers.
    case toPeer(relayed: STUNAddress, peer: STUNAddress, bytes: [UInt8])
    /// An allocation was created: open (or take from a pool) the relay socket.
    case allocationCreated(TURNAllocationInfo)
    /// An allocation ended: close the relay socket.
    case allocationEnded(TURNAllocationInfo, reason: TURNAllocationEndReason)
    /// The TCP/TLS connection is out of sync or over its buffer limit: close it.
    case closeConnection(TURNFiveTuple)
}
