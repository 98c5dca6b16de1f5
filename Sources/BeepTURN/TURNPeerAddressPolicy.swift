import BeepSTUN

/// Which peer addresses the relay may reach: the "no open relay" rule (RFC 8656 §21.3,
/// §9.1 "the server MAY impose restrictions on the IP address ... allowed").
///
/// Nothing is allowed by default: the operator lists networks in ``allowed`` (typically the
/// SFU's own media addresses). IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are turned into
/// their IPv4 form before any check, so `[::ffff:127.0.0.1]` is judged as `127.0.0.1`.
/// Special-purpose networks (``specialPurpose``: loopback, private, link-local,
/// unspecified, multicast, CGNAT, NAT64, ...) are refused even inside a broad allowed
/// prefix such as 0.0.0.0/0; they are reachable only through an allowed prefix at least as
/// specific as the special network (e.g. 127.0.0.0/8 or 127.0.0.1/32 for loopback).
public struct TURNPeerAddressPolicy: Sendable, Hashable {
    /// The networks peers may be in.
    public var allowed: [TURNAddressPrefix]

    /// A policy allowing exactly `allowed` (special-purpose ranges only when listed
    /// explicitly).
    public init(allowed: [TURNAddressPrefix] = []) {
        self.allowed = allowed
    }

    /// The default: nothing is reachable.
    public static let denyAll = TURNPeerAddressPolicy()

    /// True when the relay may send to / accept from `address` (port ignored).
    public func allows(_ address: STUNAddress) -> Bool {
        let normalized = Self.normalized(address)
        let special = Self.specialPurpose.filter { $0.contains(normalized) }.map(\.length).max()
        return allowed.contains { prefix in
            prefix.contains(normalized) && prefix.length >= (special ?? 0)
        }
    }

    /// `address` with an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2)
    /// replaced by the IPv4 address; any other address unchanged.
    public static func normalized(_ address: STUNAddress) -> STUNAddress {
        let bytes = address.addressBytes
        guard address.family == .ipv6, bytes.count == 16,
              bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF
        else { return address }
        return STUNAddress.ipv4(bytes[12], bytes[13], bytes[14], bytes[15], port: address.port)
    }

    /// Networks refused unless allowed explicitly (RFC 6890 special-purpose registries,
    /// RFC 8656 §21.3).
    public static let specialPurpose: [TURNAddressPrefix] = [
        "0.0.0.0/8",          // "this network", unspecified (RFC 1122)
        "10.0.0.0/8",         // private (RFC 1918)
        "100.64.0.0/10",      // shared address space, CGNAT (RFC 6598)
        "127.0.0.0/8",        // loopback (RFC 1122)
        "169.254.0.0/16",     // link-local, cloud metadata (RFC 3927)
        "172.16.0.0/12",      // private (RFC 1918)
        "192.0.0.0/24",       // IETF protocol assignments (RFC 6890)
        "192.168.0.0/16",     // private (RFC 1918)
        "198.18.0.0/15",      // benchmarking (RFC 2544)
        "224.0.0.0/4",        // multicast (RFC 5771)
        "240.0.0.0/4",        // reserved and limited broadcast (RFC 1112, RFC 919)
        "::/96",              // unspecified, loopback and IPv4-compatible (RFC 4291)
        "::ffff:0:0/96",      // IPv4-mapped (only seen if normalization is bypassed)
        "64:ff9b::/96",       // NAT64 well-known prefix (RFC 6052)
        "64:ff9b:1::/48",     // local-use NAT64 (RFC 8215)
        "fc00::/7",           // unique local (RFC 4193)
        "fe80::/10",          // link-local (RFC 4291)
        "fec0::/10",          // deprecated site-local (RFC 3879)
        "ff00::/8",           // multicast (RFC 4291)
    ].compactMap { TURNAddressPrefix($0) }
}
