// CBeepSRTP shim: libsrtp2 headers plus `static inline` wrappers for what Swift cannot
// import (function-like macros) or should not have to re-derive (buffer sizes, the
// DTLS-SRTP profile numbering). Wrapper names start with `beep_`.
// Note: every `srtp_crypto_policy_set_*` is a real function except
// `srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80`, which is a macro (wrapped below).
#ifndef CBEEP_SRTP_SHIM_H
#define CBEEP_SRTP_SHIM_H

#include <srtp2/srtp.h>
#include <stdint.h>

// MARK: Buffer sizes

/// `SRTP_MAX_TRAILER_LEN`: `srtp_protect` may write this many bytes past the RTP
/// packet (auth tag + MKI), so the buffer needs that much spare capacity. Swift does
/// import the macro as a constant; the function gives the rule one named home next to
/// its SRTCP counterpart below, which has no macro of its own.
static inline int beep_SRTP_MAX_TRAILER_LEN(void) {
    return SRTP_MAX_TRAILER_LEN;
}

/// Spare bytes `srtp_protect_rtcp` may write past an RTCP packet: the SRTP trailer
/// plus the 4-byte E-flag/SRTCP-index word (RFC 3711 §3.4).
static inline int beep_SRTCP_MAX_TRAILER_LEN(void) {
    return SRTP_MAX_TRAILER_LEN + 4;
}

// MARK: Crypto policies

/// Wraps the macro `srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80` (an alias of
/// `srtp_crypto_policy_set_rtp_default`): AES-128 counter mode with a 10-byte
/// HMAC-SHA1 tag (RFC 3711 §5).
static inline void beep_srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(srtp_crypto_policy_t *policy) {
    srtp_crypto_policy_set_rtp_default(policy);
}

// MARK: DTLS-SRTP profiles

/// Maps the protection profile id OpenSSL negotiated (`SRTP_PROTECTION_PROFILE.id`
/// from `SSL_get_selected_srtp_profile`) to libsrtp's `srtp_profile_t`. Both use the
/// IANA "DTLS-SRTP Protection Profiles" numbers (RFC 5764 §4.1.2, RFC 7714 §14.2), so
/// this only checks the value is one libsrtp knows; unknown ids give
/// `srtp_profile_reserved`.
static inline srtp_profile_t beep_srtp_profile_from_dtls_id(unsigned long id) {
    switch (id) {
    case srtp_profile_aes128_cm_sha1_80: return srtp_profile_aes128_cm_sha1_80;
    case srtp_profile_aes128_cm_sha1_32: return srtp_profile_aes128_cm_sha1_32;
    case srtp_profile_null_sha1_80: return srtp_profile_null_sha1_80;
    case srtp_profile_null_sha1_32: return srtp_profile_null_sha1_32;
    case srtp_profile_aead_aes_128_gcm: return srtp_profile_aead_aes_128_gcm;
    case srtp_profile_aead_aes_256_gcm: return srtp_profile_aead_aes_256_gcm;
    default: return srtp_profile_reserved;
    }
}

/// Bytes of keying material to export from DTLS for `profile`:
/// 2 * (master key + master salt), client half first (RFC 5764 §4.2).
/// Returns 0 for an unknown profile.
static inline unsigned int beep_srtp_profile_keying_material_length(srtp_profile_t profile) {
    unsigned int key = srtp_profile_get_master_key_length(profile);
    unsigned int salt = srtp_profile_get_master_salt_length(profile);
    if (key == 0) { return 0; }
    return 2 * (key + salt);
}

#endif // CBEEP_SRTP_SHIM_H
