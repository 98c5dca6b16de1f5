import CBeepSRTP
import Testing

/// libsrtp2 must be initialised once per process before sessions are created; a Swift
/// global is initialised lazily and exactly once, even when tests run in parallel.
let srtpLibraryStatus: srtp_err_status_t = {
    let status = srtp_init()
    // libsrtp 2.5 answers a repeated srtp_init (BeepSRTP may have run first in this process)
    // with bad_param although the library is ready; every later test proves it works.
    return status == srtp_err_status_bad_param ? srtp_err_status_ok : status
}()

/// One SRTP protection profile under test, with the sizes its defining RFC gives.
struct SRTPProfileCase: Sendable, CustomTestStringConvertible {
    let profile: srtp_profile_t
    /// Master key + master salt, bytes.
    let keyMaterialLength: Int
    /// Bytes `srtp_protect` appends to an RTP packet (the authentication tag).
    let rtpTagLength: Int
    let testDescription: String

    /// RFC 3711 §5 / RFC 5764 §4.1.2: 128-bit key, 112-bit salt, 80-bit HMAC-SHA1 tag.
    static let aesCM128HmacSha1_80 = SRTPProfileCase(
        profile: srtp_profile_aes128_cm_sha1_80, keyMaterialLength: 16 + 14, rtpTagLength: 10,
        testDescription: "SRTP_AES128_CM_HMAC_SHA1_80")
    /// RFC 7714 §12, §14.2: 128-bit key, 96-bit salt, 16-byte GCM tag.
    static let aeadAES128GCM = SRTPProfileCase(
        profile: srtp_profile_aead_aes_128_gcm, keyMaterialLength: 16 + 12, rtpTagLength: 16,
        testDescription: "SRTP_AEAD_AES_128_GCM")
}

/// An SRTP session owned by one test; frees itself with `srtp_dealloc`.
final class SRTPTestSession {
    let session: srtp_t

    /// Creates a session for every outbound (`ssrc_any_outbound`) or inbound stream.
    init(profile: srtp_profile_t, keyMaterial: [UInt8], outbound: Bool) throws {
        var policy = srtp_policy_t()
        try #require(srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, profile) == srtp_err_status_ok)
        try #require(srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, profile) == srtp_err_status_ok)
        policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound
        policy.window_size = 128
        policy.allow_repeat_tx = 0
        policy.next = nil
        var key = keyMaterial
        var created: srtp_t?
        let status = key.withUnsafeMutableBufferPointer { keyBuffer in
            policy.key = keyBuffer.baseAddress
            return srtp_create(&created, &policy)
        }
        try #require(status == srtp_err_status_ok, "srtp_create failed: \(status.rawValue)")
        session = try #require(created)
    }

    deinit { srtp_dealloc(session) }

    /// Protects an RTP (`rtcp == false`) or RTCP packet; returns the status and output.
    func protect(_ packet: [UInt8], rtcp: Bool) -> (srtp_err_status_t, [UInt8]) {
        let spare = Int(rtcp ? beep_SRTCP_MAX_TRAILER_LEN() : beep_SRTP_MAX_TRAILER_LEN())
        return transform(packet, spare: spare) { pointer, length in
            rtcp ? srtp_protect_rtcp(session, pointer, length) : srtp_protect(session, pointer, length)
        }
    }

    /// Verifies and decrypts an SRTP or SRTCP packet; returns the status and output.
    func unprotect(_ packet: [UInt8], rtcp: Bool) -> (srtp_err_status_t, [UInt8]) {
        transform(packet, spare: 0) { pointer, length in
            rtcp ? srtp_unprotect_rtcp(session, pointer, length) : srtp_unprotect(session, pointer, length)
        }
    }

    private func transform(
        _ packet: [UInt8], spare: Int,
        _ body: (UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> srtp_err_status_t
    ) -> (srtp_err_status_t, [UInt8]) {
        var buffer = packet + [UInt8](repeating: 0, count: spare)
        var length = Int32(packet.count)
        let status = buffer.withUnsafeMutableBytes { bytes -> srtp_err_status_t in
            guard let base = bytes.baseAddress else { return srtp_err_status_bad_param }
            return body(base, &length)
        }
        let kept = max(0, min(Int(length), buffer.count))
        return (status, Array(buffer.prefix(kept)))
    }
}

@Suite struct SRTPSmokeTests {
    /// A 12-byte RTP header (RFC 3550 §5.1: V=2, PT=111, seq, timestamp, SSRC) and payload.
    static func rtpPacket(sequence: UInt16) -> [UInt8] {
        var packet: [UInt8] = [0x80, 111, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
                               0x00, 0x01, 0xE2, 0x40, 0x12, 0x34, 0x56, 0x78]
        packet += (0..<160).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(sequence)) }
        return packet
    }

    /// An RTCP sender report without report blocks (RFC 3550 §6.4.1, length 6 = 28 bytes).
    static let rtcpSenderReport: [UInt8] = [
        0x80, 200, 0x00, 0x06, 0x12, 0x34, 0x56, 0x78,
        0xE8, 0x3C, 0x1F, 0x00, 0x80, 0x00, 0x00, 0x00,
        0x00, 0x01, 0xE2, 0x40, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x03, 0x20,
    ]

    static func keyMaterial(length: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: 0xA0 &+ $0 &* 3) }
    }

    @Test func libraryInitialises() {
        #expect(srtpLibraryStatus == srtp_err_status_ok)
        #expect(beep_SRTP_MAX_TRAILER_LEN() == 16 + 128)
        #expect(beep_SRTCP_MAX_TRAILER_LEN() == beep_SRTP_MAX_TRAILER_LEN() + 4)
    }

    /// Debian 12's libsrtp2 2.5.0 is built on NSS, which provides AES-GCM, so both the
    /// AES-CM/HMAC-SHA1 profile and the AEAD GCM profile (RFC 7714) must work.
    @Test(arguments: [SRTPProfileCase.aesCM128HmacSha1_80, .aeadAES128GCM])
    func profileKeyLengths(_ profileCase: SRTPProfileCase) {
        let key = Int(srtp_profile_get_master_key_length(profileCase.profile))
        let salt = Int(srtp_profile_get_master_salt_length(profileCase.profile))
        #expect(key + salt == profileCase.keyMaterialLength)
        #expect(Int(beep_srtp_profile_keying_material_length(profileCase.profile))
            == 2 * profileCase.keyMaterialLength)
        #expect(beep_srtp_profile_from_dtls_id(UInt(profileCase.profile.rawValue)) == profileCase.profile)
        #expect(beep_srtp_profile_from_dtls_id(0x4242) == srtp_profile_reserved)
    }

    @Test(arguments: [SRTPProfileCase.aesCM128HmacSha1_80, .aeadAES128GCM])
    func rtpProtectUnprotectTamperAndReplay(_ profileCase: SRTPProfileCase) throws {
        try #require(srtpLibraryStatus == srtp_err_status_ok)
        let key = Self.keyMaterial(length: profileCase.keyMaterialLength)
        let sender = try SRTPTestSession(profile: profileCase.profile, keyMaterial: key, outbound: true)
        let receiver = try SRTPTestSession(profile: profileCase.profile, keyMaterial: key, outbound: false)

        let original = Self.rtpPacket(sequence: 1000)
        let (protectStatus, protected) = sender.protect(original, rtcp: false)
        #expect(protectStatus == srtp_err_status_ok)
        #expect(protected.count == original.count + profileCase.rtpTagLength)
        #expect(Array(protected.prefix(12)) == Array(original.prefix(12)), "RTP header stays clear")
        #expect(Array(protected[12..<original.count]) != Array(original[12...]), "payload is encrypted")

        var tampered = protected
        tampered[20] ^= 0x01
        #expect(receiver.unprotect(tampered, rtcp: false).0 == srtp_err_status_auth_fail)

        let (unprotectStatus, recovered) = receiver.unprotect(protected, rtcp: false)
        #expect(unprotectStatus == srtp_err_status_ok)
        #expect(recovered == original)

        #expect(receiver.unprotect(protected, rtcp: false).0 == srtp_err_status_replay_fail)

        let (nextStatus, next) = sender.protect(Self.rtpPacket(sequence: 1001), rtcp: false)
        #expect(nextStatus == srtp_err_status_ok)
        #expect(receiver.unprotect(next, rtcp: false) == (srtp_err_status_ok, Self.rtpPacket(sequence: 1001)))
    }

    @Test(arguments: [SRTPProfileCase.aesCM128HmacSha1_80, .aeadAES128GCM])
    func rtcpProtectUnprotect(_ profileCase: SRTPProfileCase) throws {
        try #require(srtpLibraryStatus == srtp_err_status_ok)
        let key = Self.keyMaterial(length: profileCase.keyMaterialLength)
        let sender = try SRTPTestSession(profile: profileCase.profile, keyMaterial: key, outbound: true)
        let receiver = try SRTPTestSession(profile: profileCase.profile, keyMaterial: key, outbound: false)

        let original = Self.rtcpSenderReport
        let (protectStatus, protected) = sender.protect(original, rtcp: true)
        #expect(protectStatus == srtp_err_status_ok)
        // RFC 3711 §3.4: the E flag + 31-bit SRTCP index word, then the tag.
        #expect(protected.count == original.count + 4 + profileCase.rtpTagLength)
        #expect(Array(protected.prefix(8)) == Array(original.prefix(8)), "first 8 bytes stay clear")
        #expect(protected[original.count] & 0x80 == 0x80, "E flag set: the report is encrypted")

        var tampered = protected
        tampered[10] ^= 0x40
        #expect(receiver.unprotect(tampered, rtcp: true).0 == srtp_err_status_auth_fail)

        let (unprotectStatus, recovered) = receiver.unprotect(protected, rtcp: true)
        #expect(unprotectStatus == srtp_err_status_ok)
        #expect(recovered == original)
        #expect(receiver.unprotect(protected, rtcp: true).0 == srtp_err_status_replay_fail)
    }

    @Test func wrongKeyFailsAuthentication() throws {
        try #require(srtpLibraryStatus == srtp_err_status_ok)
        let profile = SRTPProfileCase.aesCM128HmacSha1_80
        var otherKey = Self.keyMaterial(length: profile.keyMaterialLength)
        let sender = try SRTPTestSession(profile: profile.profile, keyMaterial: otherKey, outbound: true)
        otherKey[0] ^= 0xFF
        let receiver = try SRTPTestSession(profile: profile.profile, keyMaterial: otherKey, outbound: false)
        let (status, protected) = sender.protect(Self.rtpPacket(sequence: 7), rtcp: false)
        #expect(status == srtp_err_status_ok)
        #expect(receiver.unprotect(protected, rtcp: false).0 == srtp_err_status_auth_fail)
    }
}
