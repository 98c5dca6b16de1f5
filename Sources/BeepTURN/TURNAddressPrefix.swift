import BeepSTUN

/// An IP network in CIDR form, e.g. 127.0.0.0/8 or fe80::/10, used by the relay's peer
/// address policy.
public struct TURNAddressPrefix: Sendable, Hashable, CustomStringConvertible {
    /// IPv4 or IPv6.
    public let family: STUNAddress.Family
    /// The network address bytes (4 or 16), host bits cleared.
    public let networkBytes: [UInt8]
    /// The prefix length, 0-32 for IPv4 and 0-128 for IPv6.
    public let length: Int

    /// A prefix from an address and a length; the port of `address` is ignored and host bits
    /// are cleared. Returns nil when the length is out of range for the family.
    public init?(_ address: STUNAddress, length: Int) {
        let bits = address.family.addressLength * 8
        guard (0...bits).contains(length) else { return nil }
        family = address.family
        self.length = length
        networkBytes = Self.masked(address.addressBytes, length: length)
    }

    /// Parses `"a.b.c.d/len"`, `"ipv6/len"`, or a bare address (a host prefix /32 or /128).
    /// Returns nil on anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let hostText = parts.first, let address = STUNAddress(host: String(hostText), port: 0) else { return nil }
        let length: Int
        if parts.count == 2 {
            guard parts[1].utf8.count <= 3, let parsed = Int(parts[1]) else { return nil }
            length = parsed
        } else {
            length = address.family.addressLength * 8
        }
        self.init(address, length: length)
    }

    /// True when `address` (compared as given: normalize IPv4-mapped forms first) lies in
    /// this network.
    public func contains(_ address: STUNAddress) -> Bool {
        address.family == family && Self.masked(address.addressBytes, length: length) == networkBytes
    }

    /// For example "10.0.0.0/8".
    public var description: String {
        let host = (try? STUNAddress(family: family, addressBytes: networkBytes, port: 0))?.hostDescription ?? "?"
        return "\(host)/\(length)"
    }

    /// Every IPv4 address (0.0.0.0/0). Special-purpose ranges stay refused unless allowed
    /// by a prefix at least as specific as the range (see ``TURNPeerAddressPolicy``).
    public static let anyIPv4 = TURNAddressPrefix(uncheckedFamily: .ipv4, bytes: [0, 0, 0, 0], length: 0)
    /// Every IPv6 address (::/0), with the same caveat as ``anyIPv4``.
    public static let anyIPv6 = TURNAddressPrefix(uncheckedFamily: .ipv6, bytes: [UInt8](repeating: 0, count: 16), length: 0)

    /// Used for constants whose bytes and length are correct by construction.
    init(uncheckedFamily family: STUNAddress.Family, bytes: [UInt8], length: Int) {
        self.family = family
        self.networkBytes = Self.masked(bytes, length: length)
        self.length = length
    }

    private static func masked(_ bytes: [UInt8], length: Int) -> [UInt8] {
        var out = bytes
        for index in out.indices {
            let bitsBefore = index * 8
            if bitsBefore >= length { out[index] = 0 }
            else if bitsBefore + 8 > length {
                let keep = length - bitsBefore
                out[index] &= UInt8(truncatingIfNeeded: 0xFF00 >> keep)
            }
        }
        return out
    }
}
