import CBeepOpenSSL
import Foundation
import Testing

@Suite struct OpenSSLDTLSSmokeTests {
    /// Keying material the DTLS-SRTP exporter must yield for a negotiated profile:
    /// 2 * (master key + master salt) (RFC 5764 §4.2; sizes from RFC 5764 §4.1.2 and
    /// RFC 7714 §12).
    static func keyingMaterialLength(profileID: UInt) -> Int? {
        switch Int32(truncatingIfNeeded: profileID) {
        case SRTP_AES128_CM_SHA1_80: 2 * (16 + 14)
        case SRTP_AEAD_AES_128_GCM: 2 * (16 + 12)
        default: nil
        }
    }

    static func makePair(linkMTU: Int) throws -> (client: DTLSTestEndpoint, server: DTLSTestEndpoint) {
        let clientContext = try DTLSTestContext(identity: DTLSTestIdentity(commonName: "beep-client", serial: 1))
        let serverContext = try DTLSTestContext(identity: DTLSTestIdentity(commonName: "beep-server", serial: 2))
        return (try DTLSTestEndpoint(context: clientContext, isServer: false, linkMTU: linkMTU),
                try DTLSTestEndpoint(context: serverContext, isServer: true, linkMTU: linkMTU))
    }

    @Test func selfSignedP256CertificateMatchesItsKey() throws {
        let identity = try DTLSTestIdentity(commonName: "beep-test", serial: 0x0123_4567_89AB_CDEF)
        #expect(X509_verify(identity.certificate, identity.key) == 1, "signature checks with its own key")
        #expect(X509_check_private_key(identity.certificate, identity.key) == 1)
        #expect(EVP_PKEY_get_bits(identity.key) == 256)
        #expect(try DTLSTestIdentity.sha256Fingerprint(identity.certificate).count == 32)
        let other = try DTLSTestIdentity(commonName: "beep-test", serial: 0x0123_4567_89AB_CDEF)
        #expect(try DTLSTestIdentity.sha256Fingerprint(identity.certificate)
            != DTLSTestIdentity.sha256Fingerprint(other.certificate), "fresh key per identity")
    }

    @Test func errorStringHelperDrainsTheQueue() throws {
        let context = try #require(SSL_CTX_new(DTLS_method()))
        defer { SSL_CTX_free(context) }
        #expect(SSL_CTX_set_cipher_list(context, "NO-SUCH-CIPHER") == 0)
        var buffer = [CChar](repeating: 0, count: 256)
        let code = beep_ERR_pop_string(&buffer, buffer.count)
        #expect(code != 0)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(text.contains("no cipher match"), "got \(text)")
        _ = drainOpenSSLErrors()
        #expect(beep_ERR_pop_string(&buffer, buffer.count) == 0)
        #expect(buffer.first == 0, "empty queue gives an empty string")
    }

    /// The MTU wrapper rejects values under OpenSSL's 256-byte floor; the timer wrapper
    /// reports no timer before the handshake, then the 1 s initial retransmission timer
    /// (RFC 6347 §4.2.4.1) once the ClientHello is out.
    @Test func mtuAndTimerWrappersOnAMemoryBIOEndpoint() throws {
        let (client, _) = try Self.makePair(linkMTU: 1_200)
        #expect(beep_DTLS_set_link_mtu(client.ssl, 255) == 0)
        #expect(beep_DTLS_set_link_mtu(client.ssl, 256) == 1)
        #expect(beep_DTLS_set_link_mtu(client.ssl, 1_200) == 1)

        var milliseconds = 0
        #expect(beep_DTLSv1_get_timeout_ms(client.ssl, &milliseconds) == 0)
        #expect(milliseconds == -1)
        #expect(client.handshakeStep() == SSL_ERROR_WANT_READ)
        let hello = try #require(DTLSRecordSummary.parse(client.drainOutgoing()))
        #expect(hello.first?.handshakeType == 1, "ClientHello")
        #expect(beep_DTLSv1_get_timeout_ms(client.ssl, &milliseconds) == 1)
        #expect(milliseconds > 0 && milliseconds <= 1_000, "timer \(milliseconds) ms")
        #expect(beep_DTLSv1_handle_timeout(client.ssl) == 0, "not yet due: nothing retransmitted")
        #expect(client.drainOutgoing().isEmpty)
    }

    /// Full DTLS 1.2 handshake in memory with use_srtp (RFC 5764 §4.1), both sides
    /// authenticated by certificate; then the exporter (RFC 5764 §4.2) must agree.
    @Test func fullHandshakeNegotiatesSRTPAndExportsEqualKeys() throws {
        let (client, server) = try Self.makePair(linkMTU: 1_200)
        let records = try runDTLSHandshake(client: client, server: server)
        #expect(client.isFinished)
        #expect(server.isFinished)
        #expect(records.allSatisfy { $0.totalLength <= 1_200 })
        #expect(SSL_version(client.ssl) == DTLS1_2_VERSION)
        #expect(SSL_version(server.ssl) == DTLS1_2_VERSION)

        let clientProfile = try #require(SSL_get_selected_srtp_profile(client.ssl))
        let serverProfile = try #require(SSL_get_selected_srtp_profile(server.ssl))
        #expect(clientProfile.pointee.id == serverProfile.pointee.id)
        // The server picks its most preferred profile that the client offered.
        #expect(serverProfile.pointee.id == UInt(SRTP_AEAD_AES_128_GCM))
        #expect(String(cString: serverProfile.pointee.name) == "SRTP_AEAD_AES_128_GCM")

        let length = try #require(Self.keyingMaterialLength(profileID: serverProfile.pointee.id))
        let clientKeys = try client.exportSRTPKeyingMaterial(length: length)
        let serverKeys = try server.exportSRTPKeyingMaterial(length: length)
        #expect(clientKeys == serverKeys)
        #expect(clientKeys != [UInt8](repeating: 0, count: length))

        // Each side sees the certificate the other configured (what SDP fingerprints pin).
        let clientSeen = try #require(SSL_get1_peer_certificate(client.ssl))
        defer { X509_free(clientSeen) }
        let serverSeen = try #require(SSL_get1_peer_certificate(server.ssl))
        defer { X509_free(serverSeen) }
        let serverCertificate = try #require(SSL_get_certificate(server.ssl))
        let clientCertificate = try #require(SSL_get_certificate(client.ssl))
        #expect(try DTLSTestIdentity.sha256Fingerprint(clientSeen)
            == DTLSTestIdentity.sha256Fingerprint(serverCertificate))
        #expect(try DTLSTestIdentity.sha256Fingerprint(serverSeen)
            == DTLSTestIdentity.sha256Fingerprint(clientCertificate))

        // Application data (e.g. SCTP for data channels) flows after the handshake.
        let message = Array("beep".utf8)
        #expect(SSL_write(client.ssl, message, Int32(message.count)) == Int32(message.count))
        server.receive(client.drainOutgoing())
        var received = [UInt8](repeating: 0, count: 64)
        let count = SSL_read(server.ssl, &received, Int32(received.count))
        #expect(Array(received.prefix(max(0, Int(count)))) == message)
    }

    /// At the smallest link MTU OpenSSL allows, the certificate flight must be split
    /// into handshake fragments (RFC 6347 §4.2.3) and no record may exceed the MTU.
    @Test func smallMTUFragmentsHandshakeMessages() throws {
        let (client, server) = try Self.makePair(linkMTU: 256)
        let records = try runDTLSHandshake(client: client, server: server)
        #expect(client.isFinished && server.isFinished)
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { $0.totalLength <= 256 },
                "largest record \(records.map(\.totalLength).max() ?? 0)")
        #expect(records.contains { $0.handshakeType == 11 && $0.isPartialHandshake }, "Certificate fragmented")
    }

    /// A lost ClientHello is sent again once the retransmission timer (shortened to
    /// 20 ms with DTLS_set_timer_cb) expires; the handshake then completes.
    @Test func lostFlightIsRetransmittedAfterTimeout() throws {
        let (client, server) = try Self.makePair(linkMTU: 1_200)
        DTLS_set_timer_cb(client.ssl) { _, previous in previous == 0 ? 20_000 : min(previous, 1_000_000) * 2 }
        #expect(client.handshakeStep() == SSL_ERROR_WANT_READ)
        let lost = client.drainOutgoing()
        #expect(!lost.isEmpty)
        var milliseconds = 0
        #expect(beep_DTLSv1_get_timeout_ms(client.ssl, &milliseconds) == 1)
        #expect(milliseconds <= 20, "shortened timer \(milliseconds) ms")
        Thread.sleep(forTimeInterval: Double(milliseconds + 10) / 1_000)
        #expect(beep_DTLSv1_get_timeout_ms(client.ssl, &milliseconds) == 1)
        #expect(milliseconds == 0, "timer expired")
        #expect(beep_DTLSv1_handle_timeout(client.ssl) == 1)
        let resent = client.drainOutgoing()
        let resentRecords = try #require(DTLSRecordSummary.parse(resent))
        #expect(resentRecords.first?.handshakeType == 1, "ClientHello again")
        server.receive(resent)
        try runDTLSHandshake(client: client, server: server)
        #expect(client.isFinished && server.isFinished)
    }

    /// ex_data indices are how a Swift owner reaches itself from a C callback.
    @Test func exDataIndexRoundTripsAPointer() throws {
        let (client, _) = try Self.makePair(linkMTU: 1_200)
        let index = beep_SSL_get_ex_new_index()
        #expect(index >= 0)
        #expect(beep_SSL_CTX_get_ex_new_index() >= 0)
        let owner = Unmanaged.passUnretained(client)
        #expect(SSL_set_ex_data(client.ssl, index, owner.toOpaque()) == 1)
        let stored = try #require(SSL_get_ex_data(client.ssl, index))
        #expect(Unmanaged<DTLSTestEndpoint>.fromOpaque(stored).takeUnretainedValue() === client)
    }
}
