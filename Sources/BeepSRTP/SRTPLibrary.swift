import CBeepSRTP

/// libsrtp2's process-wide initialisation (`srtp_init`), run exactly once by this module.
///
/// A `static let` is initialised lazily under `swift_once`, so concurrent first uses from
/// several threads are safe and the C call happens a single time. Another module may have
/// initialised libsrtp already: libsrtp 2.5 then answers `srtp_init` with
/// `srtp_err_status_bad_param` although it works, so a failed call is followed by a probe
/// session before the library is declared unusable.
enum SRTPLibrary {
    /// The status of `srtp_init`, or `srtp_err_status_ok` when it failed only because the
    /// library was already initialised.
    static let initialisation: srtp_err_status_t = {
        let status = srtp_init()
        return status == srtp_err_status_ok || canCreateSession() ? srtp_err_status_ok : status
    }()

    /// Ensures the library is initialised; throws when it could not be.
    static func ensureInitialised() throws(SRTPError) {
        let status = initialisation
        guard status == srtp_err_status_ok else {
            throw SRTPError(.library(Int32(bitPattern: status.rawValue)), "srtp_init failed with status \(status.rawValue)")
        }
    }

    /// Whether libsrtp can create (and free) a session, i.e. its crypto kernel is ready.
    private static func canCreateSession() -> Bool {
        var policy = srtp_policy_t()
        guard srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, srtp_profile_aes128_cm_sha1_80) == srtp_err_status_ok,
              srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, srtp_profile_aes128_cm_sha1_80) == srtp_err_status_ok
        else { return false }
        policy.ssrc.type = ssrc_any_outbound
        policy.window_size = 128
        var key = [UInt8](repeating: 0, count: 30)
        var session: srtp_t?
        let status = key.withUnsafeMutableBufferPointer { buffer in
            policy.key = buffer.baseAddress
            return srtp_create(&session, &policy)
        }
        guard status == srtp_err_status_ok, let session else { return false }
        srtp_dealloc(session)
        return true
    }
}
