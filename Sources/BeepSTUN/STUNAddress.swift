import BeepWire

/// A transport address as STUN carries it: family, IP address bytes and port (RFC 8489 §14.1).
///
/// The address bytes always have the length of the family (4 for IPv4, 16 for IPv6); the
/// initialisers enforce that, so encoders never need to check it again.
public struct STUNAddress: Hashable, Sendable {
    /// The address family codes of RFC 8489 §14.1.
    public enum Family: UInt8, Sendable, Hashable, CaseIterable {
        /// IPv4 (0x01), 4 address bytes.
        case ipv4 = 0x01
        /// IPv6 (0x02), 16 address bytes.
        case ipv6 = 0x02

        /// How many address bytes this family uses.
        public var addressLength: Int { self == .ipv4 ? 4 : 16 }
    }

    /// IPv4 or IPv6.
    public let family: Family
    /// The IP address in network order: 4 or 16 bytes, matching ``family``.
    public let addressBytes: [UInt8]
    /// The port.
    public var port: UInt16

    /// An address from its parts; throws `.malformed` when the byte count does not match
    /// the family.
    public init<Bytes: Collection>(family: Family, addressBytes: Bytes, port: UInt16) throws(WireError)
    where Bytes.Element == UInt8 {
        guard addressBytes.count == family.addressLength else {
            throw WireError(.malformed, "address: \(family) needs \(family.addressLength) bytes, got \(addressBytes.count)")
        }
        self.family = family
        self.addressBytes = Array(addressBytes)
        self.port = port
    }

    /// An IPv4 address from its four octets, e.g. `STUNAddress.ipv4(192, 0, 2, 1, port: 3478)`.
    public static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, port: UInt16) -> STUNAddress {
        STUNAddress(uncheckedFamily: .ipv4, addressBytes: [a, b, c, d], port: port)
    }

    /// An IPv6 address from its eight 16-bit groups, e.g.
    /// `STUNAddress.ipv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], port: 3478)`. Missing groups are
    /// zero; groups past the eighth are ignored.
    public static func ipv6(_ groups: [UInt16], port: UInt16) -> STUNAddress {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for index in 0..<8 {
            let group = index < groups.count ? groups[index] : 0
            bytes.append(UInt8(truncatingIfNeeded: group >> 8))
            bytes.append(UInt8(truncatingIfNeeded: group))
        }
        return STUNAddress(uncheckedFamily: .ipv6, addressBytes: bytes, port: port)
    }

    /// Used only where the byte count is correct by construction.
    init(uncheckedFamily family: Family, addressBytes: [UInt8], port: UInt16) {
        self.family = family
        self.addressBytes = addressBytes
        self.port = port
    }
}
