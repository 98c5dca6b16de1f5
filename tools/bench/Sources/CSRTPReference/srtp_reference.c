#include "srtp_reference.h"

#include <srtp2/srtp.h>
#include <stdlib.h>
#include <string.h>

struct beep_srtp_reference {
    srtp_t session;
};

beep_srtp_reference *beep_srtp_reference_create(uint16_t profile, const uint8_t *key_and_salt,
                                                size_t length, int outbound) {
    static int initialised = 0;
    if (!initialised) {
        if (srtp_init() != srtp_err_status_ok) return NULL;
        initialised = 1;
    }
    uint8_t key[64];
    if (length > sizeof key) return NULL;
    memcpy(key, key_and_salt, length);
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    if (srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, (srtp_profile_t)profile) != srtp_err_status_ok
        || srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, (srtp_profile_t)profile) != srtp_err_status_ok) {
        return NULL;
    }
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.window_size = 1024;
    policy.allow_repeat_tx = outbound ? 1 : 0;
    policy.key = key;
    policy.next = NULL;
    beep_srtp_reference *reference = malloc(sizeof *reference);
    if (!reference) return NULL;
    if (srtp_create(&reference->session, &policy) != srtp_err_status_ok) {
        free(reference);
        return NULL;
    }
    return reference;
}

int beep_srtp_reference_protect(beep_srtp_reference *session, uint8_t *packet, int *length) {
    return (int)srtp_protect(session->session, packet, length);
}

int beep_srtp_reference_unprotect(beep_srtp_reference *session, uint8_t *packet, int *length) {
    return (int)srtp_unprotect(session->session, packet, length);
}

void beep_srtp_reference_free(beep_srtp_reference *session) {
    if (!session) return;
    srtp_dealloc(session->session);
    free(session);
}
