import CBeepOpenSSL

/// One OpenSSL DTLS object over two memory BIOs: received datagrams are written into
/// `incoming`, records to send are read from `outgoing`. `DTLSEndpoint` decides when
/// to retransmit, on the caller's clock; OpenSSL keeps its own real-clock timer (1 s
/// doubling to 60 s, RFC 6347 §4.2.4.1), consulted only through `retransmitIfDue()`.
final class OpenSSLDTLSConnection {
    /// `SSL *`, owned (it owns both BIOs).
    let ssl: OpaquePointer
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer
    /// Reused buffer for `SSL_read`: the largest DTLS record plaintext (RFC 6347 §4.1).
    private var readBuffer = [UInt8](repeating: 0, count: 16_384)

    /// The outcome of one call into OpenSSL.
    enum Outcome {
        /// Done (handshake finished, or bytes read/written).
        case done(Int)
        /// Waiting for more datagrams.
        case wantRead
        /// The peer sent close_notify.
        case closedByPeer
        /// A fatal error, with OpenSSL's reason.
        case failed(String)
    }

    init(context: OpenSSLDTLSContext, isServer: Bool, mtu: Int) throws(DTLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.context) else {
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("SSL_new failed"))
        }
        guard let incoming = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("BIO_new failed"))
        }
        guard let outgoing = BIO_new(BIO_s_mem()) else {
            BIO_free(incoming)
            SSL_free(ssl)
            throw DTLSError(.openSSL, OpenSSLErrorQueue.reason("BIO_new failed"))
        }
        SSL_set_bio(ssl, incoming, outgoing)
        self.ssl = ssl
        self.incoming = incoming
        self.outgoing = outgoing
        // An empty receive BIO means "no datagram yet", not end of stream.
        _ = beep_BIO_set_mem_eof_return(incoming, -1)
        // A memory BIO cannot report the path MTU: take it from the caller (no probing).
        // No session tickets (DTLS-SRTP peers do not resume) and no renegotiation (WebRTC
        // runs one handshake per association; a second one would be an attack surface).
        _ = SSL_set_options(ssl, beep_SSL_OP_NO_QUERY_MTU() | beep_SSL_OP_NO_TICKET() | beep_SSL_OP_NO_RENEGOTIATION())
        guard beep_DTLS_set_link_mtu(ssl, mtu) == 1 else {
            throw DTLSError(.invalidConfiguration, OpenSSLErrorQueue.reason("OpenSSL refused MTU \(mtu)"))
        }
        if isServer { SSL_set_accept_state(ssl) } else { SSL_set_connect_state(ssl) }
    }

    deinit { SSL_free(ssl) }

    var isHandshakeFinished: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Hands one received datagram to OpenSSL.
    func receive(_ datagram: [UInt8]) {
        guard !datagram.isEmpty, let count = Int32(exactly: datagram.count) else { return }
        _ = BIO_write(incoming, datagram, count)
    }

    /// Discards unread received bytes (after a failure, so nothing stale is parsed later).
    func discardIncoming() {
        _ = BIO_ctrl(incoming, BIO_CTRL_RESET, 0, nil)
    }

    /// Takes every byte OpenSSL wrote (records of one or more datagrams, concatenated).
    func drainOutgoing() -> [UInt8] {
        let pending = Int(beep_BIO_pending(outgoing))
        guard pending > 0, let count = Int32(exactly: pending) else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(outgoing, &bytes, count)
        return Array(bytes.prefix(max(0, Int(read))))
    }

    /// Advances the handshake as far as the received datagrams allow.
    func handshake() -> Outcome {
        OpenSSLErrorQueue.clear()
        return outcome(SSL_do_handshake(ssl))
    }

    /// Reads one application data record's plaintext, if any.
    func read() -> (Outcome, [UInt8]) {
        OpenSSLErrorQueue.clear()
        let result = readBuffer.withUnsafeMutableBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress, let count = Int32(exactly: buffer.count) else { return -1 }
            return SSL_read(ssl, base, count)
        }
        let status = outcome(result)
        if case .done(let count) = status {
            return (status, Array(readBuffer.prefix(max(0, min(count, readBuffer.count)))))
        }
        return (status, [])
    }

    /// Encrypts `data` into one application data record.
    func write(_ data: [UInt8]) -> Outcome {
        OpenSSLErrorQueue.clear()
        guard let count = Int32(exactly: data.count) else { return .failed("record too large") }
        return outcome(SSL_write(ssl, data, count))
    }

    /// Asks OpenSSL to retransmit its last flight (`DTLSv1_handle_timeout`). OpenSSL only
    /// does so when its own real-clock timer expired; it then re-encrypts the flight with
    /// fresh record sequence numbers. Returns 1 if it retransmitted, 0 if its timer was
    /// not due, -1 if it gave up.
    func retransmitIfDue() -> Int32 {
        OpenSSLErrorQueue.clear()
        let result = beep_DTLSv1_handle_timeout(ssl)
        OpenSSLErrorQueue.clear()
        return result
    }

    /// Queues close_notify (RFC 5246 §7.2.1).
    func shutdown() {
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    private func outcome(_ result: Int32) -> Outcome {
        if result > 0 { return .done(Int(result)) }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantRead
        case SSL_ERROR_ZERO_RETURN:
            return .closedByPeer
        default:
            let reason = OpenSSLErrorQueue.drain()
            return .failed(reason.isEmpty ? "OpenSSL error" : reason)
        }
    }
}
