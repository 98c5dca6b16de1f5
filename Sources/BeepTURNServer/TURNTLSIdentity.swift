import NIOSSL

/// The certificate and key of TURN over TLS (RFC 8656 §3.1: TURN over TLS-over-TCP, the
/// `turns:` URI of RFC 7065), read from PEM files when the server starts.
public struct TURNTLSIdentity: Sendable, Hashable {
    /// PEM file with the certificate chain, leaf first.
    public var certificateChainPath: String
    /// PEM file with the private key of the leaf certificate.
    public var privateKeyPath: String

    /// An identity from its two PEM files.
    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }

    /// The TLS server context: the certificate chain and key, TLS 1.2 or later with NIOSSL's
    /// default ciphers, no client certificates. Unreadable or mismatched files are a typed error.
    func makeContext() throws(TURNSocketServerError) -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateChainPath)
        } catch {
            throw TURNSocketServerError(.tlsConfiguration, "cannot read the TLS certificate \(certificateChainPath): \(error)")
        }
        guard !chain.isEmpty else {
            throw TURNSocketServerError(.tlsConfiguration, "no certificate in \(certificateChainPath)")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        } catch {
            throw TURNSocketServerError(.tlsConfiguration, "cannot read the TLS private key \(privateKeyPath): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        // RFC 8656 §3.1 asks for TLS 1.2 or later (RFC 7525 / BCP 195).
        configuration.minimumTLSVersion = .tlsv12
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TURNSocketServerError(.tlsConfiguration, "the TLS certificate and key do not make a context: \(error)")
        }
    }
}
