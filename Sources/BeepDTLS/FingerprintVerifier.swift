import CBeepOpenSSL

/// Checks the peer's certificate against the fingerprint from its SDP, from inside
/// OpenSSL's certificate verification (RFC 8842 §5: a mismatch refuses the connection;
/// RFC 8827 §6.5: no CA chain is checked, self-signed is expected).
///
/// Reached from the C callback through an `Unmanaged` pointer passed as the callback
/// argument; the owning `DTLSEndpoint` keeps it alive for as long as the `SSL_CTX`.
final class FingerprintVerifier {
    /// The fingerprint the peer announced in SDP.
    let expected: DTLSFingerprint
    let hashFunction: DTLSFingerprint.HashFunction
    /// What the peer's leaf certificate hashed to, once seen.
    private(set) var observed: DTLSFingerprint?
    /// True when a certificate was seen and did not match.
    private(set) var mismatched = false

    init(expected: DTLSFingerprint) throws(DTLSError) {
        guard let hashFunction = expected.hashFunction, expected.bytes.count == hashFunction.digestLength else {
            throw DTLSError(.invalidConfiguration,
                            "remote fingerprint algorithm \(expected.algorithm) with \(expected.bytes.count) bytes is not supported")
        }
        self.expected = expected
        self.hashFunction = hashFunction
    }

    /// Hashes the leaf certificate of `storeContext` (`X509_STORE_CTX *`) and compares
    /// it with the expected fingerprint in constant time. Returns 1 to accept, 0 to refuse.
    func verify(_ storeContext: OpaquePointer) -> Int32 {
        guard let certificate = X509_STORE_CTX_get0_cert(storeContext),
              let fingerprint = OpenSSLDigest.fingerprint(of: certificate, hashFunction) else {
            mismatched = true
            return 0
        }
        observed = fingerprint
        guard OpenSSLDigest.constantTimeEqual(fingerprint.bytes, expected.bytes) else {
            mismatched = true
            X509_STORE_CTX_set_error(storeContext, X509_V_ERR_CERT_REJECTED)
            return 0
        }
        return 1
    }

    /// The `SSL_CTX_set_cert_verify_callback` entry point: `argument` is an unretained
    /// `FingerprintVerifier`.
    static let callback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = { storeContext, argument in
        guard let storeContext, let argument else { return 0 }
        return Unmanaged<FingerprintVerifier>.fromOpaque(argument).takeUnretainedValue().verify(storeContext)
    }
}
