import CBeepSRTP

/// SRTP and SRTCP protection for one peer connection (RFC 3711), on libsrtp2: packets
/// this endpoint sends are protected with the local keys, packets it receives are
/// verified and decrypted with the remote keys. Covers every SSRC in each direction.
///
/// Replay protection is always on (RFC 3711 §3.3.2). Authentication failures and replays
/// are reported as typed errors and counted; the caller drops the packet, the context
/// stays usable. Single owner: not thread-safe, as libsrtp sessions are not.
public final class SRTPContext {
    /// The profile the keys are for.
    public let profile: SRTPProfile
    /// Received packets whose tag did not verify (RFC 3711 §3.3 step 5), RTP and RTCP.
    public private(set) var authenticationFailures = 0
    /// Received packets dropped by the replay check (RFC 3711 §3.3.2), RTP and RTCP.
    public private(set) var replaysDropped = 0

    private let outbound: SRTPSession
    private let inbound: SRTPSession

    /// Creates the sending and receiving sessions.
    /// - Parameters:
    ///   - keys: local keys protect, remote keys unprotect.
    ///   - replayWindowSize: packets tracked by the receive replay window, 64...32767.
    ///     RFC 3711 §3.3.2 requires at least 64; the default 1024 (libwebrtc's value)
    ///     tolerates the reordering of real networks and retransmissions.
    ///   - allowRepeatTransmission: lets the sender protect a packet with an already-used
    ///     sequence number again, as a NACK-triggered resend of the same packet does.
    ///     Safe only when the repeated packet is identical.
    /// - Throws: `.invalidKeys` for wrong key or salt lengths, `.badInput` for a window
    ///   out of range, `.library` when libsrtp refuses the policy.
    public init(keys: SRTPKeys, replayWindowSize: Int = 1024, allowRepeatTransmission: Bool = true) throws(SRTPError) {
        guard (64..<0x8000).contains(replayWindowSize) else {
            throw SRTPError(.badInput, "replay window size \(replayWindowSize) is outside 64...32767")
        }
        profile = keys.profile
        outbound = try SRTPSession(profile: keys.profile, key: keys.localKey, salt: keys.localSalt,
                                   direction: .outbound, replayWindowSize: replayWindowSize,
                                   allowRepeatTransmission: allowRepeatTransmission)
        inbound = try SRTPSession(profile: keys.profile, key: keys.remoteKey, salt: keys.remoteSalt,
                                  direction: .inbound, replayWindowSize: replayWindowSize,
                                  allowRepeatTransmission: false)
    }

    /// Protects an RTP packet in place (RFC 3711 §3.3; GCM: RFC 7714 §7): the payload is
    /// encrypted and the tag appended, so the packet grows by `profile.rtpTagLength`.
    /// - Throws: `.badInput` if it is not an RTP packet (shorter than the 12-byte fixed
    ///   header or not version 2, RFC 3550 §5.1); `.library` for other libsrtp failures.
    ///   On failure the packet is unchanged.
    public func protectRTP(_ packet: inout [UInt8]) throws(SRTPError) {
        try Self.checkRTP(packet)
        try check(outbound.protectRTP(&packet), what: "SRTP protect", counting: false)
    }

    /// Verifies and decrypts an SRTP packet in place (RFC 3711 §3.3); the tag is removed.
    /// - Throws: `.authenticationFailed` or `.replayed` (counted; drop the packet),
    ///   `.badInput` for a packet too short to be SRTP, `.library` otherwise. On failure
    ///   the packet's contents are unspecified: drop it.
    public func unprotectRTP(_ packet: inout [UInt8]) throws(SRTPError) {
        try Self.checkRTP(packet)
        try check(inbound.unprotectRTP(&packet), what: "SRTP unprotect", counting: true)
    }

    /// Protects an RTCP compound packet in place (RFC 3711 §3.4): everything after the
    /// first 8 bytes is encrypted, then the E flag + SRTCP index word and the tag follow.
    /// - Throws: `.badInput` if shorter than an 8-byte RTCP header or not version 2
    ///   (RFC 3550 §6.4); `.library` otherwise. On failure the packet is unchanged.
    public func protectRTCP(_ packet: inout [UInt8]) throws(SRTPError) {
        try Self.checkRTCP(packet)
        try check(outbound.protectRTCP(&packet), what: "SRTCP protect", counting: false)
    }

    /// Verifies and decrypts an SRTCP packet in place (RFC 3711 §3.4); the index word and
    /// tag are removed.
    /// - Throws: like `unprotectRTP(_:)`.
    public func unprotectRTCP(_ packet: inout [UInt8]) throws(SRTPError) {
        try Self.checkRTCP(packet)
        try check(inbound.unprotectRTCP(&packet), what: "SRTCP unprotect", counting: true)
    }

    /// Spare capacity `protectRTP(_:)` needs past the packet (libsrtp's
    /// `SRTP_MAX_TRAILER_LEN`: tag and MKI room). Reserve `count + maximumRTPTrailer`
    /// capacity to protect without reallocating.
    public static let maximumRTPTrailer = Int(beep_SRTP_MAX_TRAILER_LEN())

    /// Spare capacity `protectRTCP(_:)` needs past the packet: the RTP trailer room plus
    /// the 4-byte E flag and SRTCP index word (RFC 3711 §3.4).
    public static let maximumRTCPTrailer = Int(beep_SRTCP_MAX_TRAILER_LEN())

    /// Largest packet accepted: a UDP payload.
    static let maximumPacketLength = 65_507

    private static func checkRTP(_ packet: [UInt8]) throws(SRTPError) {
        guard packet.count >= 12, packet.count <= maximumPacketLength else {
            throw SRTPError(.badInput, "RTP packet length \(packet.count) is outside 12...\(maximumPacketLength)")
        }
        guard packet[0] >> 6 == 2 else {
            throw SRTPError(.badInput, "RTP version field is \(packet[0] >> 6), expected 2")
        }
    }

    private static func checkRTCP(_ packet: [UInt8]) throws(SRTPError) {
        guard packet.count >= 8, packet.count <= maximumPacketLength else {
            throw SRTPError(.badInput, "RTCP packet length \(packet.count) is outside 8...\(maximumPacketLength)")
        }
        guard packet[0] >> 6 == 2 else {
            throw SRTPError(.badInput, "RTCP version field is \(packet[0] >> 6), expected 2")
        }
    }

    /// Maps a libsrtp status to a typed error, counting receive-side drops.
    private func check(_ status: srtp_err_status_t, what: String, counting: Bool) throws(SRTPError) {
        switch status {
        case srtp_err_status_ok:
            return
        case srtp_err_status_auth_fail:
            if counting { authenticationFailures &+= 1 }
            throw SRTPError(.authenticationFailed, "\(what): authentication tag did not verify")
        case srtp_err_status_replay_fail, srtp_err_status_replay_old:
            if counting { replaysDropped &+= 1 }
            throw SRTPError(.replayed, "\(what): packet index already seen or older than the replay window")
        case srtp_err_status_bad_param, srtp_err_status_parse_err:
            throw SRTPError(.badInput, "\(what): libsrtp rejected the packet (status \(status.rawValue))")
        default:
            throw SRTPError(.library(Int32(bitPattern: status.rawValue)), "\(what) failed with libsrtp status \(status.rawValue)")
        }
    }
}
