import CBeepOpenSSL

/// A self-signed X.509 certificate on a fresh ECDSA P-256 key: a WebRTC endpoint's DTLS
/// identity, authenticated by its fingerprint in SDP rather than by a CA (RFC 8827 §6.5,
/// RFC 8122 §5). Immutable once created; rotate by creating a new one.
///
/// Creation reads the wall clock once for the validity window (`X509_gmtime_adj`); the
/// DTLS machine itself never does.
public final class DTLSCertificate: @unchecked Sendable {
    // @unchecked: the key and certificate are never mutated after init; OpenSSL's
    // reference counting makes sharing them between SSL contexts on several threads safe.
    /// `EVP_PKEY *`, owned.
    let key: OpaquePointer
    /// `X509 *`, owned.
    let certificate: OpaquePointer
    /// The SHA-256 fingerprint for `a=fingerprint` (RFC 8122 §5).
    public let fingerprint: DTLSFingerprint

    /// Generates a key and a self-signed certificate (X.509 v3, random 64-bit serial,
    /// valid from one day ago, to tolerate clock skew, until `validity` from now).
    /// - Parameters:
    ///   - commonName: subject and issuer CN.
    ///   - validity: lifetime, whole seconds; default 30 days.
    /// - Throws: `.openSSL` if key generation or signing fails, `.invalidConfiguration`
    ///   for a validity below one second.
    public init(commonName: String = "beep", validity: Duration = .seconds(30 * 24 * 3_600)) throws(DTLSError) {
        let seconds = validity.components.seconds
        guard seconds >= 1, let notAfter = Int(exactly: seconds) else {
            throw DTLSError(.invalidConfiguration, "certificate validity \(validity) must be at least one second")
        }
        OpenSSLErrorQueue.clear()
        guard let key = beep_EVP_PKEY_generate_ec_p256() else {
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("P-256 key generation failed"))
        }
        guard let certificate = X509_new() else {
            EVP_PKEY_free(key)
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("X509_new failed"))
        }
        let serial = UInt64.random(in: 1...UInt64(Int64.max))
        let built = X509_set_version(certificate, 2) == 1
            && beep_X509_set_serial_u64(certificate, serial) == 1
            && beep_X509_set_validity_seconds(certificate, -86_400, notAfter) == 1
            && beep_X509_set_self_signed_cn(certificate, commonName) == 1
            && X509_set_pubkey(certificate, key) == 1
            && X509_sign(certificate, key, EVP_sha256()) > 0
        guard built, let fingerprint = OpenSSLDigest.fingerprint(of: certificate, .sha256) else {
            X509_free(certificate)
            EVP_PKEY_free(key)
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("building the self-signed certificate failed"))
        }
        self.key = key
        self.certificate = certificate
        self.fingerprint = fingerprint
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(key)
    }

    /// The fingerprint with another hash function (RFC 8122 §5), nil if OpenSSL fails.
    public func fingerprint(_ hashFunction: DTLSFingerprint.HashFunction) -> DTLSFingerprint? {
        OpenSSLDigest.fingerprint(of: certificate, hashFunction)
    }

    /// The certificate's DER encoding.
    public var derEncoded: [UInt8] {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        return written == length ? bytes : []
    }
}
