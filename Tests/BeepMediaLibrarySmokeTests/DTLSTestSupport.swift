import CBeepOpenSSL
import Testing

/// Drains this thread's OpenSSL error queue into one line, for failure messages.
func drainOpenSSLErrors() -> String {
    var messages: [String] = []
    var buffer = [CChar](repeating: 0, count: 256)
    while beep_ERR_pop_string(&buffer, buffer.count) != 0 {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        messages.append(String(decoding: bytes, as: UTF8.self))
    }
    return messages.joined(separator: "; ")
}

/// A self-signed certificate on an EC P-256 key, as WebRTC endpoints generate
/// (RFC 8827 §6.5: certificate identity is checked by fingerprint, not by a CA).
final class DTLSTestIdentity {
    let key: OpaquePointer
    let certificate: OpaquePointer

    init(commonName: String, serial: UInt64) throws {
        key = try #require(beep_EVP_PKEY_generate_ec_p256(), "EC key: \(drainOpenSSLErrors())")
        guard let certificate = X509_new() else {
            EVP_PKEY_free(key)
            throw DTLSTestFailure(reason: "X509_new: \(drainOpenSSLErrors())")
        }
        self.certificate = certificate
        // Fully initialised: from here on, deinit frees both objects if a step throws.
        try #require(X509_set_version(certificate, 2) == 1) // X.509 v3
        try #require(beep_X509_set_serial_u64(certificate, serial) == 1)
        try #require(beep_X509_set_validity_seconds(certificate, -3_600, 30 * 24 * 3_600) == 1)
        try #require(beep_X509_set_self_signed_cn(certificate, commonName) == 1)
        try #require(X509_set_pubkey(certificate, key) == 1)
        try #require(X509_sign(certificate, key, EVP_sha256()) > 0, "X509_sign: \(drainOpenSSLErrors())")
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(key)
    }

    /// SHA-256 fingerprint of a certificate's DER encoding (RFC 8122 §5 a=fingerprint).
    static func sha256Fingerprint(_ certificate: OpaquePointer) throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        try #require(X509_digest(certificate, EVP_sha256(), &digest, &length) == 1)
        return Array(digest.prefix(Int(length)))
    }
}

/// A failure outside an expectation (e.g. an allocation returning NULL).
struct DTLSTestFailure: Error {
    let reason: String
}

/// The SRTP profiles offered in the use_srtp extension, most preferred first
/// (RFC 5764 §4.1.1; AEAD GCM from RFC 7714 §14.2).
let dtlsSRTPProfiles = "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80"

/// An `SSL_CTX` configured for DTLS 1.2 with a certificate and DTLS-SRTP.
final class DTLSTestContext {
    let context: OpaquePointer

    init(identity: DTLSTestIdentity) throws {
        context = try #require(SSL_CTX_new(DTLS_method()))
        try #require(beep_SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) == 1)
        try #require(beep_SSL_CTX_set_max_proto_version(context, DTLS1_2_VERSION) == 1)
        try #require(beep_SSL_CTX_set1_groups_list(context, "X25519:P-256") == 1)
        try #require(SSL_CTX_use_certificate(context, identity.certificate) == 1)
        try #require(SSL_CTX_use_PrivateKey(context, identity.key) == 1)
        try #require(SSL_CTX_check_private_key(context) == 1)
        // Returns 0 on success (unlike most of OpenSSL).
        try #require(SSL_CTX_set_tlsext_use_srtp(context, dtlsSRTPProfiles) == 0)
        // Both sides present certificates; WebRTC accepts any certificate here and
        // compares its fingerprint with the one from SDP afterwards.
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) { _, _ in 1 }
    }

    deinit { SSL_CTX_free(context) }
}

/// One DTLS endpoint over a pair of memory BIOs: bytes to send are read from
/// `outgoing`, received bytes are written into `incoming`.
final class DTLSTestEndpoint {
    let ssl: OpaquePointer
    /// Owned by `ssl` after `SSL_set_bio`.
    let incoming: OpaquePointer
    /// Owned by `ssl` after `SSL_set_bio`.
    let outgoing: OpaquePointer

    init(context: DTLSTestContext, isServer: Bool, linkMTU: Int) throws {
        ssl = try #require(SSL_new(context.context))
        guard let incoming = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw DTLSTestFailure(reason: "BIO_new")
        }
        guard let outgoing = BIO_new(BIO_s_mem()) else {
            BIO_free(incoming)
            SSL_free(ssl)
            throw DTLSTestFailure(reason: "BIO_new")
        }
        SSL_set_bio(ssl, incoming, outgoing)
        self.incoming = incoming
        self.outgoing = outgoing
        // An empty receive BIO means "no datagram yet", not end of stream.
        try #require(beep_BIO_set_mem_eof_return(incoming, -1) == 1)
        // A memory BIO cannot report the path MTU; take it from the caller instead.
        _ = SSL_set_options(ssl, beep_SSL_OP_NO_QUERY_MTU() | beep_SSL_OP_NO_TICKET())
        try #require(beep_DTLS_set_link_mtu(ssl, linkMTU) == 1)
        if isServer { SSL_set_accept_state(ssl) } else { SSL_set_connect_state(ssl) }
    }

    deinit { SSL_free(ssl) }

    var isFinished: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Advances the handshake; returns the `SSL_get_error` code (SSL_ERROR_NONE when done).
    func handshakeStep() -> Int32 {
        let result = SSL_do_handshake(ssl)
        return result == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, result)
    }

    /// Takes every byte DTLS wrote (one or more datagrams, concatenated).
    func drainOutgoing() -> [UInt8] {
        let pending = Int(beep_BIO_pending(outgoing))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(outgoing, &bytes, Int32(pending))
        return Array(bytes.prefix(max(0, Int(read))))
    }

    /// Hands received bytes to DTLS.
    func receive(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        _ = BIO_write(incoming, bytes, Int32(bytes.count))
    }

    /// RFC 5705 exporter with the DTLS-SRTP label (RFC 5764 §4.2), no context.
    func exportSRTPKeyingMaterial(length: Int) throws -> [UInt8] {
        var material = [UInt8](repeating: 0, count: length)
        let label = "EXTRACTOR-dtls_srtp"
        let status = SSL_export_keying_material(ssl, &material, length, label, label.utf8.count, nil, 0, 0)
        try #require(status == 1, "SSL_export_keying_material: \(drainOpenSSLErrors())")
        return material
    }
}

/// One DTLS record header as seen on the wire (RFC 6347 §4.1), with the handshake
/// fragment header that follows it in epoch 0 (RFC 6347 §4.2.2).
struct DTLSRecordSummary: Equatable {
    let contentType: UInt8
    let epoch: UInt16
    /// Header + body, bytes.
    let totalLength: Int
    let handshakeType: UInt8?
    /// True when the record carries only part of a handshake message.
    let isPartialHandshake: Bool

    /// Splits concatenated datagrams into records; nil when the bytes are malformed.
    static func parse(_ bytes: [UInt8]) -> [DTLSRecordSummary]? {
        var records: [DTLSRecordSummary] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 13 else { return nil }
            let epoch = UInt16(bytes[offset + 3]) << 8 | UInt16(bytes[offset + 4])
            let bodyLength = Int(bytes[offset + 11]) << 8 | Int(bytes[offset + 12])
            guard bytes.count - offset - 13 >= bodyLength else { return nil }
            let body = bytes[(offset + 13)..<(offset + 13 + bodyLength)]
            var handshakeType: UInt8?
            var partial = false
            if bytes[offset] == 22, epoch == 0, body.count >= 12 {
                let start = body.startIndex
                handshakeType = body[start]
                let messageLength = Int(body[start + 1]) << 16 | Int(body[start + 2]) << 8 | Int(body[start + 3])
                let fragmentLength = Int(body[start + 9]) << 16 | Int(body[start + 10]) << 8 | Int(body[start + 11])
                partial = fragmentLength < messageLength
            }
            records.append(DTLSRecordSummary(
                contentType: bytes[offset], epoch: epoch, totalLength: 13 + bodyLength,
                handshakeType: handshakeType, isPartialHandshake: partial))
            offset += 13 + bodyLength
        }
        return records
    }
}

/// Runs a client/server handshake, pumping bytes between their memory BIOs, for at
/// most `maxRounds` round trips. Returns every record either side sent.
@discardableResult
func runDTLSHandshake(client: DTLSTestEndpoint, server: DTLSTestEndpoint,
                      maxRounds: Int = 16) throws -> [DTLSRecordSummary] {
    var records: [DTLSRecordSummary] = []
    for _ in 0..<maxRounds {
        for (sender, receiver) in [(client, server), (server, client)] {
            let status = sender.handshakeStep()
            try #require(status == SSL_ERROR_NONE || status == SSL_ERROR_WANT_READ,
                         "handshake error \(status): \(drainOpenSSLErrors())")
            let bytes = sender.drainOutgoing()
            records += try #require(DTLSRecordSummary.parse(bytes), "unparseable DTLS records")
            receiver.receive(bytes)
        }
        if client.isFinished && server.isFinished { break }
    }
    return records
}
