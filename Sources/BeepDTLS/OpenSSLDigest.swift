import CBeepOpenSSL

/// Certificate digests for fingerprints (RFC 8122 §5: the hash of the DER certificate).
enum OpenSSLDigest {
    /// OpenSSL's message digest for a fingerprint hash function.
    static func method(for hashFunction: DTLSFingerprint.HashFunction) -> OpaquePointer? {
        switch hashFunction {
        case .sha1: EVP_sha1()
        case .sha224: EVP_sha224()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }

    /// The fingerprint of `certificate` (an `X509 *`), nil if OpenSSL fails.
    static func fingerprint(of certificate: OpaquePointer, _ hashFunction: DTLSFingerprint.HashFunction) -> DTLSFingerprint? {
        guard let method = method(for: hashFunction) else { return nil }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, method, &digest, &length) == 1 else { return nil }
        return DTLSFingerprint(hashFunction: hashFunction, bytes: Array(digest.prefix(Int(length))))
    }

    /// Compares two byte strings in time independent of where they differ
    /// (`CRYPTO_memcmp`), so a forged certificate learns nothing from timing.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return false }
                return CRYPTO_memcmp(leftBase, rightBase, lhs.count) == 0
            }
        }
    }
}
