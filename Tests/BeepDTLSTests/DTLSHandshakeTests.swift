import BeepDTLS
import BeepSRTP
import BeepWire
import Testing

@Suite struct DTLSHandshakeTests {
    /// RFC 5764 §4.2: both ends export the same material; the client's local keys are the
    /// server's remote keys and vice versa. RFC 8842 §5: each side reports the fingerprint
    /// of the certificate the other presented.
    @Test func handshakeCompletesAndExportsComplementaryKeys() throws {
        let link = try VirtualDTLSLink.make()
        link.runHandshake()
        #expect(link.client.state == .connected)
        #expect(link.server.state == .connected)
        let clientKeys = try #require(link.keys(of: .client))
        let serverKeys = try #require(link.keys(of: .server))
        #expect(clientKeys.profile == .aeadAES128GCM)
        #expect(clientKeys.localKey == serverKeys.remoteKey)
        #expect(clientKeys.localSalt == serverKeys.remoteSalt)
        #expect(clientKeys.remoteKey == serverKeys.localKey)
        #expect(clientKeys.remoteSalt == serverKeys.localSalt)
        #expect(clientKeys.localKey != clientKeys.remoteKey, "each direction has its own key")
        #expect(clientKeys.localKey.count == 16 && clientKeys.localSalt.count == 12)
        #expect(link.now == .zero, "no loss: no timer fired")
        #expect(link.client.pollTimeout() == nil && link.server.pollTimeout() == nil)
        #expect(link.client.retransmissions == 0 && link.server.retransmissions == 0)
    }

    /// The DTLS server picks, in its own preference order, a profile the client offered
    /// (RFC 5764 §4.1.1); AEAD-GCM (RFC 7714 §14.2) wins when both support it.
    @Test(arguments: [
        ([SRTPProfile.aeadAES128GCM], [SRTPProfile.aeadAES128GCM], SRTPProfile.aeadAES128GCM),
        ([.aes128CMHMACSHA1_80], [.aes128CMHMACSHA1_80], .aes128CMHMACSHA1_80),
        ([.aeadAES128GCM, .aes128CMHMACSHA1_80], [.aeadAES128GCM, .aes128CMHMACSHA1_80], .aeadAES128GCM),
        ([.aes128CMHMACSHA1_80, .aeadAES128GCM], [.aeadAES128GCM, .aes128CMHMACSHA1_80], .aeadAES128GCM),
        ([.aeadAES128GCM, .aes128CMHMACSHA1_80], [.aes128CMHMACSHA1_80], .aes128CMHMACSHA1_80),
        ([.aes128CMHMACSHA1_80], [.aeadAES128GCM, .aes128CMHMACSHA1_80], .aes128CMHMACSHA1_80),
    ])
    func profileNegotiationRFC5764Section4_1_1(client: [SRTPProfile], server: [SRTPProfile], expected: SRTPProfile) throws {
        let link = try VirtualDTLSLink.make(clientProfiles: client, serverProfiles: server)
        link.runHandshake()
        let clientKeys = try #require(link.keys(of: .client))
        let serverKeys = try #require(link.keys(of: .server))
        #expect(clientKeys.profile == expected)
        #expect(serverKeys.profile == expected)
        #expect(clientKeys.localKey.count == expected.masterKeyLength)
        #expect(clientKeys.localSalt.count == expected.masterSaltLength)
        #expect(clientKeys.localKey == serverKeys.remoteKey && clientKeys.localSalt == serverKeys.remoteSalt)
    }

    /// No common profile: the server does not negotiate use_srtp (RFC 5764 §4.1.1), and a
    /// WebRTC endpoint must not connect without SRTP keys.
    @Test func noCommonProfileFailsWithNoSRTPProfile() throws {
        let link = try VirtualDTLSLink.make(clientProfiles: [.aeadAES128GCM], serverProfiles: [.aes128CMHMACSHA1_80])
        link.runHandshake()
        #expect(link.keys(of: .client) == nil && link.keys(of: .server) == nil)
        let failures = [link.failure(of: .client), link.failure(of: .server)].compactMap { $0 }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.code == .noSRTPProfile || $0.code == .handshakeFailed })
        #expect(failures.contains { $0.code == .noSRTPProfile })
    }

    /// RFC 8842 §5: a certificate whose fingerprint differs from the SDP one refuses the
    /// connection; neither side exports keys.
    @Test func wrongRemoteFingerprintFailsWithoutKeys() throws {
        let impostor = try DTLSCertificate(commonName: "impostor")
        let link = try VirtualDTLSLink.make(clientExpects: impostor.fingerprint)
        link.runHandshake()
        #expect(link.client.state == .failed)
        #expect(link.failure(of: .client)?.code == .fingerprintMismatch)
        #expect(link.keys(of: .client) == nil)
        #expect(link.keys(of: .server) == nil, "the server sees the client's alert, not a connection")
        #expect(link.server.state == .failed)
        #expect(link.failure(of: .server)?.code == .handshakeFailed)
    }

    /// The server rejects a client whose certificate is not the one in the offer.
    @Test func serverRefusesClientCertificateWithWrongFingerprint() throws {
        let clientCertificate = try DTLSCertificate()
        let serverCertificate = try DTLSCertificate()
        let impostor = try DTLSCertificate()
        let link = VirtualDTLSLink(
            client: try DTLSEndpoint(role: .client, certificate: clientCertificate,
                                     remoteFingerprint: serverCertificate.fingerprint),
            server: try DTLSEndpoint(role: .server, certificate: serverCertificate,
                                     remoteFingerprint: impostor.fingerprint))
        link.runHandshake()
        #expect(link.failure(of: .server)?.code == .fingerprintMismatch)
        #expect(link.keys(of: .server) == nil)
        #expect(link.keys(of: .client) == nil)
    }

    /// Peer close_notify (RFC 5246 §7.2.1) ends the association on both sides.
    @Test func closeNotifyReachesThePeer() throws {
        let link = try VirtualDTLSLink.make()
        link.runHandshake()
        try #require(link.client.state == .connected && link.server.state == .connected)
        link.client.close()
        link.deliverAll()
        #expect(link.client.state == .closed)
        #expect(link.server.state == .closed)
        #expect(link.serverEvents.last == .closed)
        #expect(!link.clientEvents.contains(.closed), "a local close reports no event")
        #expect(throws: DTLSError.self) { try link.client.send([1, 2, 3]) }
    }

    /// Application data (what SCTP would use, RFC 8261) flows both ways after the handshake.
    @Test func applicationDataFlowsBothWays() throws {
        let link = try VirtualDTLSLink.make()
        link.runHandshake()
        try link.client.send(Array("ping".utf8))
        link.deliverAll()
        #expect(link.serverEvents.last == .applicationData(Array("ping".utf8)))
        try link.server.send(Array("pong".utf8))
        link.deliverAll()
        #expect(link.clientEvents.last == .applicationData(Array("pong".utf8)))
    }

    /// A server needs no explicit start: the first ClientHello starts it.
    @Test func serverStartsOnItsFirstDatagram() throws {
        let link = try VirtualDTLSLink.make()
        link.client.start(now: link.now)
        #expect(link.server.state == .new)
        link.deliverAll()
        #expect(link.client.state == .connected && link.server.state == .connected)
    }

    /// Closing mid-handshake stops the timer; later datagrams are dropped.
    @Test func closingDuringTheHandshakeStopsEverything() throws {
        let link = try VirtualDTLSLink.make()
        link.client.start(now: link.now)
        #expect(link.client.pollTimeout() != nil)
        link.client.close()
        #expect(link.client.state == .closed)
        #expect(link.client.pollTimeout() == nil)
        link.deliverAll()
        #expect(link.client.state == .closed)
        #expect(link.client.droppedDatagrams > 0, "the server's flight arrived after close")
        #expect(link.keys(of: .client) == nil)
    }

    @Test func sendingBeforeTheHandshakeIsAnInvalidState() throws {
        let link = try VirtualDTLSLink.make()
        #expect { try link.client.send([1]) } throws: { ($0 as? DTLSError)?.code == .invalidState }
    }

    @Test func invalidConfigurationIsRejected() throws {
        let certificate = try DTLSCertificate()
        #expect { try DTLSEndpoint(role: .client, certificate: certificate, remoteFingerprint: certificate.fingerprint,
                                   profiles: []) } throws: { ($0 as? DTLSError)?.code == .invalidConfiguration }
        #expect { try DTLSEndpoint(role: .client, certificate: certificate, remoteFingerprint: certificate.fingerprint,
                                   mtu: 255) } throws: { ($0 as? DTLSError)?.code == .invalidConfiguration }
        let unknown = DTLSFingerprint(hashFunction: .sha256, bytes: [1, 2, 3])
        #expect { try DTLSEndpoint(role: .client, certificate: certificate, remoteFingerprint: unknown) }
            throws: { ($0 as? DTLSError)?.code == .invalidConfiguration }
    }
}
