import BeepSTUN

/// An IP network in CIDR form, e.g. `127.0.0.0/8` or `::1/128`.
public struct ICENetwork: Hashable, Sendable, CustomStringConvertible {
    /// The address family of the network.
    public let family: STUNAddress.Family
    /// The network address bytes (4 or 16), host bits cleared.
    public let addressBytes: [UInt8]
    /// The number of leading bits that must match (0...32 or 0...128).
    public let prefixLength: Int

    /// A network from its address and prefix length; nil when the length does not fit the
    /// family.
    public init?(address: STUNAddress, prefixLength: Int) {
        guard prefixLength >= 0, prefixLength <= address.addressBytes.count * 8 else { return nil }
        self.family = address.family
        self.prefixLength = prefixLength
        self.addressBytes = Self.masked(address.addressBytes, prefixLength: prefixLength)
    }

    /// Parses `a.b.c.d/len` or `ipv6/len` (no brackets); a bare address means a single host.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let hostPart = parts.first, let address = STUNAddress(host: String(hostPart), port: 0) else { return nil }
        let length: Int
        if parts.count == 2 {
            guard let parsed = Int(parts[1]) else { return nil }
            length = parsed
        } else {
            length = address.addressBytes.count * 8
        }
        self.init(address: address, prefixLength: length)
    }

    /// True when `address` lies inside this network (same family, same leading bits).
    public func contains(_ address: STUNAddress) -> Bool {
        guard address.family == family, address.addressBytes.count == addressBytes.count else { return false }
        return Self.masked(address.addressBytes, prefixLength: prefixLength) == addressBytes
    }

    private static func masked(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        var result = bytes
        for index in result.indices {
            let bitsBefore = index * 8
            if bitsBefore >= prefixLength {
                result[index] = 0
            } else if prefixLength - bitsBefore < 8 {
                let keep = prefixLength - bitsBefore
                result[index] &= UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
            }
        }
        return result
    }

    /// `address/prefixLength`.
    public var description: String {
        let host = (try? STUNAddress(family: family, addressBytes: addressBytes, port: 0))?.hostDescription ?? "?"
        return "\(host)/\(prefixLength)"
    }

    /// 127.0.0.0/8, IPv4 loopback (RFC 1122 §3.2.1.3).
    public static let ipv4Loopback = ICENetwork(address: .ipv4(127, 0, 0, 0, port: 0), prefixLength: 8)
    /// ::1/128, IPv6 loopback (RFC 4291 §2.5.3).
    public static let ipv6Loopback = ICENetwork(address: .ipv6([0, 0, 0, 0, 0, 0, 0, 1], port: 0), prefixLength: 128)
    /// 0.0.0.0/0, every IPv4 address.
    public static let allIPv4 = ICENetwork(address: .ipv4(0, 0, 0, 0, port: 0), prefixLength: 0)
    /// ::/0, every IPv6 address.
    public static let allIPv6 = ICENetwork(address: .ipv6([0, 0, 0, 0, 0, 0, 0, 0], port: 0), prefixLength: 0)
}

/// Which remote addresses the agent may pair with, answer, or send checks to.
///
/// Remote candidates outside the allowed networks are not paired, and checks arriving from
/// them are dropped without an answer (counted in ``ICECounters/droppedByPolicy``). Tests and
/// benchmarks use ``loopbackOnly`` so that no datagram can leave the machine.
public struct ICEAddressPolicy: Hashable, Sendable {
    /// The allowed networks; an address is allowed when one contains it.
    public var allowedNetworks: [ICENetwork]

    /// A policy allowing exactly `allowedNetworks`.
    public init(allowedNetworks: [ICENetwork]) {
        self.allowedNetworks = allowedNetworks
    }

    /// Only 127.0.0.0/8 and ::1.
    public static let loopbackOnly = ICEAddressPolicy(allowedNetworks: [ICENetwork.ipv4Loopback, ICENetwork.ipv6Loopback].compactMap { $0 })

    /// Every IPv4 and IPv6 address (production).
    public static let any = ICEAddressPolicy(allowedNetworks: [ICENetwork.allIPv4, ICENetwork.allIPv6].compactMap { $0 })

    /// True when `address` may be paired with and answered. Port 0 is never allowed.
    public func allows(_ address: STUNAddress) -> Bool {
        address.port != 0 && allowedNetworks.contains { $0.contains(address) }
    }
}
