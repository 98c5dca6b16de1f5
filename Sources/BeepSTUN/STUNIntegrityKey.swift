import Crypto

/// The HMAC key for MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9).
///
/// SASLprep / OpaqueString simplification: RFC 8489 §9.1.1 and §9.2.2 pass passwords (and
/// realms) through the OpaqueString profile of RFC 8265 first. This implementation uses the
/// UTF-8 bytes of the strings as given; callers must supply already-prepared strings (ICE
/// passwords are ASCII, where the profile changes nothing). RFC 5769 §2.4's password
/// "The<U+00AD>M<U+00AA>tr<U+2168>" is thus passed as its prepared form "TheMatrIX".
public struct STUNIntegrityKey: Sendable, CustomStringConvertible {
    /// The hash used to derive a long-term key (RFC 8489 §18.5.1).
    public enum LongTermHash: Sendable, Hashable {
        /// MD5 (RFC 8489 §18.5.1.1), the only choice of RFC 5389 peers.
        case md5
        /// SHA-256 (RFC 8489 §18.5.1.2).
        case sha256

        /// The hash a PASSWORD-ALGORITHM value names; nil for unknown algorithms.
        public init?(_ algorithm: STUNPasswordAlgorithm) {
            switch algorithm.algorithm {
            case STUNPasswordAlgorithm.md5.algorithm: self = .md5
            case STUNPasswordAlgorithm.sha256.algorithm: self = .sha256
            default: return nil
            }
        }
    }

    /// The raw key bytes.
    public let bytes: [UInt8]

    /// A key from raw bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Short-term credential key: the password itself (RFC 8489 §9.1.1). In ICE, requests are
    /// signed with the ice-pwd of the agent that receives them (RFC 8445 §7.2.2).
    public static func shortTerm(password: String) -> STUNIntegrityKey {
        STUNIntegrityKey(bytes: Array(password.utf8))
    }

    /// Long-term credential key: `hash(username ":" realm ":" password)` (RFC 8489 §9.2.2).
    public static func longTerm(username: String, realm: String, password: String,
                                hash: LongTermHash = .md5) -> STUNIntegrityKey {
        let input = Array("\(username):\(realm):\(password)".utf8)
        switch hash {
        case .md5: return STUNIntegrityKey(bytes: Array(Insecure.MD5.hash(data: input)))
        case .sha256: return STUNIntegrityKey(bytes: Array(SHA256.hash(data: input)))
        }
    }

    /// Does not reveal the key.
    public var description: String { "STUNIntegrityKey(\(bytes.count) bytes)" }
}

/// USERHASH computation (RFC 8489 §14.4): SHA-256 of `username ":" realm`, with the same
/// OpaqueString simplification as ``STUNIntegrityKey``.
public enum STUNUserHash {
    /// The 32-byte USERHASH value.
    public static func compute(username: String, realm: String) -> [UInt8] {
        Array(SHA256.hash(data: Array("\(username):\(realm)".utf8)))
    }
}
