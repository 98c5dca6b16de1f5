/// A certificate fingerprint as carried by the SDP `a=fingerprint` attribute
/// (RFC 8122 §5): a hash function token and the digest of the DER certificate.
public struct DTLSFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The hash functions RFC 8122 §5 names that Beep can compute and verify.
    public enum HashFunction: String, Hashable, Sendable, CaseIterable {
        /// SHA-1 (legacy; RFC 8122 §5 still lists it).
        case sha1 = "sha-1"
        /// SHA-224.
        case sha224 = "sha-224"
        /// SHA-256: what WebRTC endpoints use (RFC 8827 §6.5).
        case sha256 = "sha-256"
        /// SHA-384.
        case sha384 = "sha-384"
        /// SHA-512.
        case sha512 = "sha-512"

        /// Digest length in bytes.
        public var digestLength: Int {
            switch self {
            case .sha1: 20
            case .sha224: 28
            case .sha256: 32
            case .sha384: 48
            case .sha512: 64
            }
        }
    }

    /// The hash function token, lowercase (e.g. "sha-256").
    public let algorithm: String
    /// The digest.
    public let bytes: [UInt8]

    /// A fingerprint from a hash function and its digest.
    public init(hashFunction: HashFunction, bytes: [UInt8]) {
        self.algorithm = hashFunction.rawValue
        self.bytes = bytes
    }

    /// The hash function, when `algorithm` names one Beep supports.
    public var hashFunction: HashFunction? { HashFunction(rawValue: algorithm) }

    /// The attribute value, e.g. "sha-256 AB:CD:...": the token, a space, and the digest
    /// as colon-separated uppercase hex pairs (RFC 8122 §5 `fingerprint` rule).
    public var sdpValue: String {
        let hexDigits: [Character] = Array("0123456789ABCDEF")
        var text = algorithm + " "
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(":") }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return text
    }

    /// Parses an `a=fingerprint` value (RFC 8122 §5). The token is matched
    /// case-insensitively and hex digits may be upper- or lowercase (RFC 4572 §5 asks
    /// for uppercase, but implementations differ). Returns nil for an unsupported hash
    /// function, malformed hex, or a digest of the wrong length.
    public init?(sdpValue: String) {
        let parts = sdpValue.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let hashFunction = HashFunction(rawValue: parts[0].lowercased()) else { return nil }
        var digest: [UInt8] = []
        for pair in parts[1].split(separator: ":", omittingEmptySubsequences: false) {
            guard pair.count == 2, pair.allSatisfy(\.isHexDigit), let byte = UInt8(pair, radix: 16) else { return nil }
            digest.append(byte)
        }
        guard digest.count == hashFunction.digestLength else { return nil }
        self.init(hashFunction: hashFunction, bytes: digest)
    }

    public var description: String { sdpValue }
}
