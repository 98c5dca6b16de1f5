import BeepSRTP
import CBeepOpenSSL

/// An `SSL_CTX` set up for WebRTC's DTLS-SRTP: DTLS 1.2 only (RFC 8827 §6.5), ECDHE on
/// X25519/P-256 with AEAD ciphers, this endpoint's certificate, the `use_srtp` profile
/// list (RFC 5764 §4.1.1), and a peer certificate check by fingerprint only (RFC 8842 §5).
/// One per endpoint, because the profiles and the expected fingerprint are per peer.
final class OpenSSLDTLSContext {
    /// `SSL_CTX *`, owned.
    let context: OpaquePointer

    /// ECDHE suites with forward secrecy; ECDSA first (WebRTC certificates are P-256),
    /// RSA ones for peers with RSA certificates.
    static let cipherList = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"

    /// - Parameter verifier: must outlive this context (the callback holds it unretained).
    init(certificate: DTLSCertificate, profiles: [SRTPProfile], verifier: FingerprintVerifier) throws(DTLSError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("SSL_CTX_new failed"))
        }
        self.context = context
        let srtpProfiles = profiles.map(\.name).joined(separator: ":")
        let configured = beep_SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) == 1
            && beep_SSL_CTX_set_max_proto_version(context, DTLS1_2_VERSION) == 1
            && beep_SSL_CTX_set1_groups_list(context, "X25519:P-256") == 1
            && SSL_CTX_set_cipher_list(context, Self.cipherList) == 1
            && SSL_CTX_use_certificate(context, certificate.certificate) == 1
            && SSL_CTX_use_PrivateKey(context, certificate.key) == 1
            && SSL_CTX_check_private_key(context) == 1
            // Returns 0 on success, unlike most of OpenSSL.
            && SSL_CTX_set_tlsext_use_srtp(context, srtpProfiles) == 0
        guard configured else {
            // deinit frees the context.
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("configuring the DTLS context failed"))
        }
        // Both sides must present a certificate; the server asks for the client's.
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        // Replaces chain building entirely: only the fingerprint decides.
        SSL_CTX_set_cert_verify_callback(context, FingerprintVerifier.callback,
                                         Unmanaged.passUnretained(verifier).toOpaque())
    }

    deinit { SSL_CTX_free(context) }
}
