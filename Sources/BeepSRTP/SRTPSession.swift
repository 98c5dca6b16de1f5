import CBeepSRTP

/// One libsrtp session (`srtp_t`) for one direction: every outbound SSRC
/// (`ssrc_any_outbound`) or every inbound SSRC (`ssrc_any_inbound`). Frees itself with
/// `srtp_dealloc`. Single owner; not thread-safe (libsrtp sessions are not).
final class SRTPSession {
    /// Which side of the wire the session handles.
    enum Direction {
        case outbound, inbound
    }

    private let session: srtp_t

    /// Creates a session whose master key is `key` followed by `salt` (libsrtp's layout).
    init(profile: SRTPProfile, key: [UInt8], salt: [UInt8], direction: Direction,
         replayWindowSize: Int, allowRepeatTransmission: Bool) throws(SRTPError) {
        try SRTPLibrary.ensureInitialised()
        guard key.count == profile.masterKeyLength, salt.count == profile.masterSaltLength else {
            throw SRTPError(.invalidKeys, "\(profile.name) needs a \(profile.masterKeyLength)-byte key and a "
                + "\(profile.masterSaltLength)-byte salt, got \(key.count) and \(salt.count)")
        }
        let libraryProfile = srtp_profile_t(rawValue: UInt32(profile.rawValue))
        var policy = srtp_policy_t()
        var status = srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, libraryProfile)
        if status == srtp_err_status_ok {
            status = srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, libraryProfile)
        }
        guard status == srtp_err_status_ok else {
            throw SRTPError(.library(Int32(bitPattern: status.rawValue)), "libsrtp does not support \(profile.name)")
        }
        policy.ssrc.type = direction == .outbound ? ssrc_any_outbound : ssrc_any_inbound
        policy.window_size = UInt(truncatingIfNeeded: replayWindowSize)
        policy.allow_repeat_tx = allowRepeatTransmission ? 1 : 0
        policy.next = nil
        var material = key + salt
        var created: srtp_t?
        status = material.withUnsafeMutableBufferPointer { buffer in
            policy.key = buffer.baseAddress
            return srtp_create(&created, &policy)
        }
        // srtp_create copied the key into its own context; wipe our copy.
        for index in material.indices { material[index] = 0 }
        guard status == srtp_err_status_ok, let created else {
            throw SRTPError(.library(Int32(bitPattern: status.rawValue)), "srtp_create failed with status \(status.rawValue)")
        }
        session = created
    }

    deinit { srtp_dealloc(session) }

    /// `srtp_protect` in place; the packet grows by the tag (RFC 3711 §3.3).
    func protectRTP(_ packet: inout [UInt8]) -> srtp_err_status_t {
        transform(&packet, spare: SRTPContext.maximumRTPTrailer) { srtp_protect(session, $0, $1) }
    }

    /// `srtp_unprotect` in place; the packet shrinks by the tag.
    func unprotectRTP(_ packet: inout [UInt8]) -> srtp_err_status_t {
        transform(&packet, spare: 0) { srtp_unprotect(session, $0, $1) }
    }

    /// `srtp_protect_rtcp` in place; the packet grows by the SRTCP index word and tag
    /// (RFC 3711 §3.4).
    func protectRTCP(_ packet: inout [UInt8]) -> srtp_err_status_t {
        transform(&packet, spare: SRTPContext.maximumRTCPTrailer) { srtp_protect_rtcp(session, $0, $1) }
    }

    /// `srtp_unprotect_rtcp` in place.
    func unprotectRTCP(_ packet: inout [UInt8]) -> srtp_err_status_t {
        transform(&packet, spare: 0) { srtp_unprotect_rtcp(session, $0, $1) }
    }

    /// Runs a libsrtp transform over `packet` with `spare` writable bytes after it, then
    /// trims the array to the length libsrtp reports (clamped to the buffer).
    private func transform(
        _ packet: inout [UInt8], spare: Int,
        _ body: (UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> srtp_err_status_t
    ) -> srtp_err_status_t {
        let originalCount = packet.count
        guard let length32 = Int32(exactly: originalCount) else { return srtp_err_status_bad_param }
        if spare > 0 { packet.append(contentsOf: repeatElement(0, count: spare)) }
        var length = length32
        let status = packet.withUnsafeMutableBytes { bytes -> srtp_err_status_t in
            guard let base = bytes.baseAddress else { return srtp_err_status_bad_param }
            return body(base, &length)
        }
        let resulting = status == srtp_err_status_ok ? Int(length) : originalCount
        let kept = max(0, min(resulting, packet.count))
        packet.removeLast(packet.count - kept)
        return status
    }
}
