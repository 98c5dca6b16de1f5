/// `a=fingerprint`: the hash of the DTLS certificate (RFC 8122 §5, RFC 8842 §5).
public struct Fingerprint: Hashable, Sendable {
    /// The hash function name as written, e.g. `sha-256` (compare with `isHash(_:)`).
    public var hashFunction: String
    /// The digest bytes.
    public var bytes: [UInt8]

    /// Creates a fingerprint.
    public init(hashFunction: String, bytes: [UInt8]) {
        self.hashFunction = hashFunction
        self.bytes = bytes
    }

    /// Whether the hash function is `name`, ignoring case (RFC 8122 §5: hash names are case-insensitive).
    public func isHash(_ name: String) -> Bool {
        hashFunction.lowercased() == name.lowercased()
    }

    /// The digest as upper-case hex pairs joined by colons, e.g. `AB:CD:01` (RFC 8122 §5).
    public var hexDigest: String {
        var out = ""
        out.reserveCapacity(bytes.count * 3)
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
        for (index, byte) in bytes.enumerated() {
            if index > 0 { out.append(":") }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }

    /// The attribute value, e.g. `sha-256 AB:CD:...`.
    public var sdpValue: String { "\(hashFunction) \(hexDigest)" }

    /// Parses `<hash-func> SP <fingerprint>` where the fingerprint is hex pairs separated by `:`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> Fingerprint {
        let f = SDPText.fields(value)
        guard f.count == 2 else {
            throw SDPParseError(f.count < 2 ? .missingField : .malformedLine,
                                "fingerprint needs '<hash-func> <hex:hex...>', has \(f.count) fields")
        }
        var bytes: [UInt8] = []
        for pair in SDPText.split(f[1], on: ":", omittingEmpty: false) {
            guard pair.utf8.count == 2, let byte = UInt8(pair, radix: 16),
                  pair.utf8.allSatisfy({ Fingerprint.isHexDigit($0) }) else {
                throw SDPParseError(.invalidValue, "fingerprint byte '\(SDPText.clip(pair))' is not two hex digits")
            }
            bytes.append(byte)
        }
        return Fingerprint(hashFunction: String(f[0]), bytes: bytes)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
