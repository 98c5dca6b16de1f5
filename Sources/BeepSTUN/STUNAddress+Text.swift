/// Text forms of ``STUNAddress``: `192.0.2.1:3478` and `[2001:db8::1]:3478` (RFC 5952 §4
/// canonical IPv6 text), and parsing of the same forms.
extension STUNAddress: CustomStringConvertible, LosslessStringConvertible {
    /// The IP address alone: dotted quad, or RFC 5952 §4 compressed lowercase IPv6.
    public var hostDescription: String {
        switch family {
        case .ipv4:
            return addressBytes.map { String($0) }.joined(separator: ".")
        case .ipv6:
            return Self.ipv6Text(addressBytes)
        }
    }

    /// `host:port`, with the IPv6 host in brackets.
    public var description: String {
        family == .ipv4 ? "\(hostDescription):\(port)" : "[\(hostDescription)]:\(port)"
    }

    /// Parses `a.b.c.d:port` or `[ipv6]:port` (IPv6 must be bracketed). Returns nil on
    /// anything else.
    public init?(_ description: String) {
        if description.hasPrefix("[") {
            guard let close = description.firstIndex(of: "]") else { return nil }
            let host = description[description.index(after: description.startIndex)..<close]
            let rest = description[description.index(after: close)...]
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()) else { return nil }
            self.init(host: String(host), port: port)
        } else {
            // Without brackets only IPv4 is accepted, so the port separator is unambiguous.
            guard let colon = description.lastIndex(of: ":"),
                  let port = UInt16(description[description.index(after: colon)...]),
                  let v4 = Self.parseIPv4(description[..<colon])
            else { return nil }
            self.init(uncheckedFamily: .ipv4, addressBytes: v4, port: port)
        }
    }

    /// Parses an IP address literal (dotted-quad IPv4, or IPv6 with optional `::` and an
    /// optional trailing dotted quad) and pairs it with `port`. Returns nil when the text is
    /// not an address literal (host names are not resolved here).
    public init?(host: String, port: UInt16) {
        if let v4 = Self.parseIPv4(Substring(host)) {
            self.init(uncheckedFamily: .ipv4, addressBytes: v4, port: port)
        } else if let v6 = Self.parseIPv6(host) {
            self.init(uncheckedFamily: .ipv6, addressBytes: v6, port: port)
        } else {
            return nil
        }
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseGroups(_ text: Substring) -> [UInt16]? {
        if text.isEmpty { return [] }
        var groups: [UInt16] = []
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains("."), let v4 = parseIPv4(part) {
                groups.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                groups.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                continue
            }
            guard (1...4).contains(part.count), let value = UInt16(part, radix: 16) else { return nil }
            groups.append(value)
        }
        return groups
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let groups: [UInt16]
        if let range = text.firstRange(of: "::") {
            guard let head = parseGroups(text[..<range.lowerBound]),
                  let tail = parseGroups(text[range.upperBound...]),
                  head.count + tail.count <= 7 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = parseGroups(Substring(text)), all.count == 8 else { return nil }
            groups = all
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for group in groups {
            bytes.append(UInt8(truncatingIfNeeded: group >> 8))
            bytes.append(UInt8(truncatingIfNeeded: group))
        }
        return bytes
    }

    /// RFC 5952 §4: lowercase, no leading zeros, the longest run (two or more) of zero groups
    /// replaced by `::`, the first such run on a tie; IPv4-mapped addresses in the mixed form
    /// `::ffff:a.b.c.d` (RFC 5952 §5).
    private static func ipv6Text(_ bytes: [UInt8]) -> String {
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return "::ffff:" + bytes[12...].map { String($0) }.joined(separator: ".")
        }
        var groups: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            groups.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for (position, group) in groups.enumerated() {
            if group == 0 {
                if runStart < 0 { runStart = position }
                let length = position - runStart + 1
                if length > bestLength { bestStart = runStart; bestLength = length }
            } else {
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
