import CBeepOpenSSL
import CBeepSRTP
import Testing

/// The whole DTLS-SRTP key path in one process: OpenSSL negotiates the profile and
/// exports keying material, libsrtp protects with the client's half and unprotects
/// with the same half on the server (and the other way round).
@Suite struct DTLSSRTPBridgeSmokeTests {
    /// Splits exported keying material into the client and server master key+salt,
    /// laid out client key, server key, client salt, server salt (RFC 5764 §4.2).
    static func splitKeyingMaterial(_ material: [UInt8], keyLength: Int, saltLength: Int)
        -> (client: [UInt8], server: [UInt8])? {
        guard material.count == 2 * (keyLength + saltLength) else { return nil }
        let clientKey = material[0..<keyLength]
        let serverKey = material[keyLength..<(2 * keyLength)]
        let clientSalt = material[(2 * keyLength)..<(2 * keyLength + saltLength)]
        let serverSalt = material[(2 * keyLength + saltLength)...]
        return (Array(clientKey + clientSalt), Array(serverKey + serverSalt))
    }

    @Test func exportedKeysDriveLibsrtpInBothDirections() throws {
        try #require(srtpLibraryStatus == srtp_err_status_ok)
        let (client, server) = try OpenSSLDTLSSmokeTests.makePair(linkMTU: 1_200)
        try runDTLSHandshake(client: client, server: server)
        try #require(client.isFinished && server.isFinished)

        let negotiated = try #require(SSL_get_selected_srtp_profile(server.ssl))
        let profile = beep_srtp_profile_from_dtls_id(negotiated.pointee.id)
        #expect(profile == srtp_profile_aead_aes_128_gcm)
        let keyLength = Int(srtp_profile_get_master_key_length(profile))
        let saltLength = Int(srtp_profile_get_master_salt_length(profile))
        let length = Int(beep_srtp_profile_keying_material_length(profile))
        #expect(length == 2 * (keyLength + saltLength))

        let clientHalves = try #require(Self.splitKeyingMaterial(
            client.exportSRTPKeyingMaterial(length: length), keyLength: keyLength, saltLength: saltLength))
        let serverHalves = try #require(Self.splitKeyingMaterial(
            server.exportSRTPKeyingMaterial(length: length), keyLength: keyLength, saltLength: saltLength))
        #expect(clientHalves.client != clientHalves.server, "each direction has its own key")

        // Client → server: the client sends with the client half, the server receives with it.
        let clientSender = try SRTPTestSession(profile: profile, keyMaterial: clientHalves.client, outbound: true)
        let serverReceiver = try SRTPTestSession(profile: profile, keyMaterial: serverHalves.client, outbound: false)
        // Server → client with the server half.
        let serverSender = try SRTPTestSession(profile: profile, keyMaterial: serverHalves.server, outbound: true)
        let clientReceiver = try SRTPTestSession(profile: profile, keyMaterial: clientHalves.server, outbound: false)

        for sequence in UInt16(1)...UInt16(3) {
            let packet = SRTPSmokeTests.rtpPacket(sequence: sequence)
            let (upStatus, up) = clientSender.protect(packet, rtcp: false)
            #expect(upStatus == srtp_err_status_ok)
            #expect(serverReceiver.unprotect(up, rtcp: false) == (srtp_err_status_ok, packet))
            // A packet protected with the wrong direction's key must not verify.
            #expect(clientReceiver.unprotect(up, rtcp: false).0 == srtp_err_status_auth_fail)

            let (downStatus, down) = serverSender.protect(packet, rtcp: false)
            #expect(downStatus == srtp_err_status_ok)
            #expect(clientReceiver.unprotect(down, rtcp: false) == (srtp_err_status_ok, packet))
        }

        let (rtcpStatus, report) = clientSender.protect(SRTPSmokeTests.rtcpSenderReport, rtcp: true)
        #expect(rtcpStatus == srtp_err_status_ok)
        #expect(serverReceiver.unprotect(report, rtcp: true) == (srtp_err_status_ok, SRTPSmokeTests.rtcpSenderReport))
    }
}
