// The reference for the SRTP benchmarks: libsrtp2 called directly from C on a raw buffer,
// with no Swift wrapper, no checks and no array handling, to show what BeepSRTP adds.
// The libsrtp types stay inside srtp_reference.c so that this module does not export
// libsrtp's headers next to the main package's CBeepSRTP.
#ifndef BEEP_SRTP_REFERENCE_H
#define BEEP_SRTP_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

/// One libsrtp session (`srtp_t`) for every SSRC of one direction.
typedef struct beep_srtp_reference beep_srtp_reference;

/// A session for the DTLS-SRTP profile `profile` (IANA value: 0x0007 AEAD-AES-128-GCM,
/// 0x0001 AES128-CM-HMAC-SHA1-80), keyed with `key_and_salt` (master key then salt),
/// replay window 1024. `outbound` nonzero protects, zero unprotects. NULL on failure.
beep_srtp_reference *beep_srtp_reference_create(uint16_t profile, const uint8_t *key_and_salt,
                                                size_t length, int outbound);

/// `srtp_protect` in place; `*length` grows by the tag. The buffer needs
/// SRTP_MAX_TRAILER_LEN (`SRTPContext.maximumRTPTrailer`) spare bytes. Returns libsrtp's
/// status (0 = ok).
int beep_srtp_reference_protect(beep_srtp_reference *session, uint8_t *packet, int *length);

/// `srtp_unprotect` in place; `*length` shrinks by the tag. Returns libsrtp's status.
int beep_srtp_reference_unprotect(beep_srtp_reference *session, uint8_t *packet, int *length);

/// Frees the session.
void beep_srtp_reference_free(beep_srtp_reference *session);

#endif
