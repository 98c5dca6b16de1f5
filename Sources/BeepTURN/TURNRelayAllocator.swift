import BeepSTUN

/// What the server asks of a relay address allocator (RFC 8656 §7.2 step 6: "the server
/// allocates a relayed transport address").
public struct TURNRelayRequest: Sendable, Hashable {
    /// The client's 5-tuple.
    public var fiveTuple: TURNFiveTuple
    /// The address family requested (REQUESTED-ADDRESS-FAMILY, default IPv4; RFC 8656 §7.2).
    public var family: STUNAddress.Family
    /// EVEN-PORT was present: the port must be even (RFC 8656 §7.2 step 4). When its R bit
    /// was set, the server then asks for the next-higher port with ``TURNRelayAllocator/reserve(exactly:)``.
    public var evenPort: Bool

    /// A request from its parts.
    public init(fiveTuple: TURNFiveTuple, family: STUNAddress.Family, evenPort: Bool) {
        self.fiveTuple = fiveTuple
        self.family = family
        self.evenPort = evenPort
    }
}

/// Chooses relayed transport addresses. The driver owns the sockets, so the allocator only
/// names addresses; the driver opens the socket on ``TURNServerOutput/allocationCreated(_:)``
/// (or keeps a pre-bound pool) and closes it on ``TURNServerOutput/allocationEnded(_:reason:)``.
public protocol TURNRelayAllocator: Sendable {
    /// A free relayed address for `request`, or nil when none is available (the server then
    /// answers 508 Insufficient Capacity, or 440 when the family is not served).
    mutating func reserve(_ request: TURNRelayRequest) -> STUNAddress?
    /// Takes exactly `address` if it is free (the port after an EVEN-PORT allocation with the
    /// R bit, RFC 8656 §7.2). Returns false when taken or not supported.
    mutating func reserve(exactly address: STUNAddress) -> Bool
    /// Returns a relayed address to the pool when its allocation (or reservation) ends.
    mutating func release(_ address: STUNAddress)
}

extension TURNRelayAllocator {
    /// Default: no reservations (EVEN-PORT with the R bit then fails with 508).
    public mutating func reserve(exactly address: STUNAddress) -> Bool { false }
}

/// A simple allocator: one relay IP per family and a port range, lowest free port first.
public struct TURNPortPoolAllocator: TURNRelayAllocator {
    /// The relay IPv4 address (port ignored), if IPv4 is served.
    public var ipv4: STUNAddress?
    /// The relay IPv6 address (port ignored), if IPv6 is served.
    public var ipv6: STUNAddress?
    /// The ports handed out (e.g. 49152-65535, RFC 8656 §7.2).
    public let ports: ClosedRange<UInt16>
    private var used: Set<STUNAddress> = []

    /// An allocator for the given relay addresses and port range.
    public init(ipv4: STUNAddress?, ipv6: STUNAddress? = nil, ports: ClosedRange<UInt16> = 49152...65535) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.ports = ports
    }

    /// The lowest free port on the family's relay address (even when asked).
    public mutating func reserve(_ request: TURNRelayRequest) -> STUNAddress? {
        guard var address = request.family == .ipv4 ? ipv4 : ipv6 else { return nil }
        for port in ports where !request.evenPort || port % 2 == 0 {
            address.port = port
            if !used.contains(address) {
                used.insert(address)
                return address
            }
        }
        return nil
    }

    /// Takes `address` if it is one of this pool's and free.
    public mutating func reserve(exactly address: STUNAddress) -> Bool {
        let base = address.family == .ipv4 ? ipv4 : ipv6
        guard let base, base.addressBytes == address.addressBytes, ports.contains(address.port),
              !used.contains(address) else { return false }
        used.insert(address)
        return true
    }

    /// Frees the address.
    public mutating func release(_ address: STUNAddress) {
        used.remove(address)
    }
}
