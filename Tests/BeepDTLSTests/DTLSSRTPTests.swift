import BeepDTLS
import BeepSRTP
import Testing

/// Keys exported by a real DTLS handshake drive SRTP in both directions (RFC 5764 §4.2).
@Suite struct DTLSSRTPTests {
    /// An RTP packet (RFC 3550 §5.1: V=2, PT=111, sequence, timestamp, SSRC) with a payload.
    static func rtp(sequence: UInt16, ssrc: UInt32 = 0x1234_5678) -> [UInt8] {
        [0x80, 111, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 0x03, 0xC0,
         UInt8(ssrc >> 24), UInt8((ssrc >> 16) & 0xFF), UInt8((ssrc >> 8) & 0xFF), UInt8(ssrc & 0xFF)]
            + (0..<200).map { UInt8(truncatingIfNeeded: $0 &+ Int(sequence)) }
    }

    /// An RTCP receiver report without report blocks (RFC 3550 §6.4.2).
    static let receiverReport: [UInt8] = [0x80, 201, 0x00, 0x01, 0xCA, 0xFE, 0xBA, 0xBE]

    @Test(arguments: SRTPProfile.allCases)
    func exportedKeysProtectBothDirections(profile: SRTPProfile) throws {
        let link = try VirtualDTLSLink.make(clientProfiles: [profile], serverProfiles: [profile])
        link.runHandshake()
        let client = try SRTPContext(keys: try #require(link.keys(of: .client)))
        let server = try SRTPContext(keys: try #require(link.keys(of: .server)))
        #expect(client.profile == profile && server.profile == profile)

        for sequence in UInt16(100)...UInt16(103) {
            let original = Self.rtp(sequence: sequence)
            var upstream = original
            try client.protectRTP(&upstream)
            #expect(upstream.count == original.count + profile.rtpTagLength)
            #expect(upstream[12...] != original[12...], "payload encrypted")
            try server.unprotectRTP(&upstream)
            #expect(upstream == original)

            var downstream = original
            try server.protectRTP(&downstream)
            try client.unprotectRTP(&downstream)
            #expect(downstream == original)
        }

        var report = Self.receiverReport
        try client.protectRTCP(&report)
        #expect(report.count == Self.receiverReport.count + 4 + profile.rtpTagLength)
        try server.unprotectRTCP(&report)
        #expect(report == Self.receiverReport)
        var reverse = Self.receiverReport
        try server.protectRTCP(&reverse)
        try client.unprotectRTCP(&reverse)
        #expect(reverse == Self.receiverReport)
    }

    /// RFC 3711 §3.3.2: a replayed packet is dropped and counted; RFC 3711 §3.3 step 5: a
    /// tampered one fails authentication and is counted; neither disturbs the next packet.
    @Test(arguments: SRTPProfile.allCases)
    func replayAndTamperingAreCountedAndDropped(profile: SRTPProfile) throws {
        let link = try VirtualDTLSLink.make(clientProfiles: [profile], serverProfiles: [profile])
        link.runHandshake()
        let client = try SRTPContext(keys: try #require(link.keys(of: .client)))
        let server = try SRTPContext(keys: try #require(link.keys(of: .server)))

        var first = Self.rtp(sequence: 1)
        try client.protectRTP(&first)
        var received = first
        try server.unprotectRTP(&received)

        var replay = first
        #expect { try server.unprotectRTP(&replay) } throws: { ($0 as? SRTPError)?.code == .replayed }
        #expect(server.replaysDropped == 1)

        var second = Self.rtp(sequence: 2)
        try client.protectRTP(&second)
        var tampered = second
        tampered[tampered.count - 1] ^= 0x01
        #expect { try server.unprotectRTP(&tampered) } throws: { ($0 as? SRTPError)?.code == .authenticationFailed }
        #expect(server.authenticationFailures == 1)

        try server.unprotectRTP(&second)
        #expect(second == Self.rtp(sequence: 2), "the genuine packet still decrypts")
        #expect(server.replaysDropped == 1 && server.authenticationFailures == 1)
    }
}
