/// One entry of PASSWORD-ALGORITHMS, or the value of PASSWORD-ALGORITHM: an algorithm number
/// and its parameters (RFC 8489 §14.11, §14.12, §18.5).
public struct STUNPasswordAlgorithm: Hashable, Sendable, CustomStringConvertible {
    /// The algorithm number (0x0001 MD5, 0x0002 SHA-256, RFC 8489 §18.5).
    public var algorithm: UInt16
    /// Algorithm parameters; empty for MD5 and SHA-256.
    public var parameters: [UInt8]

    /// An algorithm with optional parameters.
    public init(algorithm: UInt16, parameters: [UInt8] = []) {
        self.algorithm = algorithm
        self.parameters = parameters
    }

    /// MD5 (RFC 8489 §18.5.1.1): the long-term key is MD5 of `username:realm:password`.
    public static let md5 = STUNPasswordAlgorithm(algorithm: 0x0001)
    /// SHA-256 (RFC 8489 §18.5.1.2): the long-term key is SHA-256 of `username:realm:password`.
    public static let sha256 = STUNPasswordAlgorithm(algorithm: 0x0002)

    /// "MD5", "SHA-256", or the number.
    public var description: String {
        switch algorithm {
        case 0x0001: "MD5"
        case 0x0002: "SHA-256"
        default: "algorithm(\(algorithm))"
        }
    }
}
