// CBeepOpenSSL shim: OpenSSL 3 headers plus `static inline` wrappers for the parts Swift
// cannot import. Swift imports plain functions and simple constant macros, but not
// function-like macros (most SSL_ctrl/BIO_ctrl conveniences), variadic functions, or
// constants built from casts/shifts (SSL_OP_*). Every wrapper below exists for one of
// those reasons; its comment names the macro or function it stands in for.
// Wrapper names start with `beep_` so they never clash with a future OpenSSL function.
#ifndef CBEEP_OPENSSL_SHIM_H
#define CBEEP_OPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

// MARK: DTLS timers and MTU

/// Wraps the macro `DTLSv1_get_timeout` (SSL_ctrl with a `struct timeval *`).
/// Returns 1 and stores the time left until the pending retransmission in `*ms`
/// (milliseconds, rounded up, never negative) when a DTLS timer is running;
/// returns 0 and leaves `*ms` at -1 when no timer is running.
static inline int beep_DTLSv1_get_timeout_ms(SSL *ssl, long *ms) {
    struct timeval tv = {0, 0};
    *ms = -1;
    if (SSL_ctrl(ssl, DTLS_CTRL_GET_TIMEOUT, 0, (void *)&tv) <= 0) {
        return 0;
    }
    long total = (long)tv.tv_sec * 1000L + (long)((tv.tv_usec + 999) / 1000);
    *ms = total < 0 ? 0 : total;
    return 1;
}

/// Wraps the macro `DTLSv1_handle_timeout`: call when the timer from
/// `beep_DTLSv1_get_timeout_ms` expired. Returns 1 if a flight was retransmitted,
/// 0 if no timer was due, -1 on error (e.g. too many retransmissions).
static inline int beep_DTLSv1_handle_timeout(SSL *ssl) {
    return (int)SSL_ctrl(ssl, DTLS_CTRL_HANDLE_TIMEOUT, 0, NULL);
}

/// Wraps the macro `DTLS_set_link_mtu`: the path MTU (IP payload, bytes) that DTLS
/// records must fit. Returns 1 on success, 0 if `mtu` is below the minimum.
static inline int beep_DTLS_set_link_mtu(SSL *ssl, long mtu) {
    return (int)SSL_ctrl(ssl, DTLS_CTRL_SET_LINK_MTU, mtu, NULL);
}

/// Wraps the macro `SSL_set_mtu` (the MTU available to DTLS records, after
/// IP/UDP overhead). Needs `beep_SSL_OP_NO_QUERY_MTU()` set. Returns 1 on success.
static inline int beep_SSL_set_mtu(SSL *ssl, long mtu) {
    return (int)SSL_ctrl(ssl, SSL_CTRL_SET_MTU, mtu, NULL);
}

/// `SSL_OP_NO_QUERY_MTU` is defined with a cast and shift (`SSL_OP_BIT(12)`), which
/// Swift does not import. Set it (SSL_set_options) on DTLS objects over memory BIOs,
/// which cannot answer an MTU query; the MTU then comes from `beep_DTLS_set_link_mtu`.
static inline uint64_t beep_SSL_OP_NO_QUERY_MTU(void) {
    return SSL_OP_NO_QUERY_MTU;
}

/// `SSL_OP_NO_TICKET` (cast-and-shift constant, not imported): DTLS-SRTP peers do not
/// resume sessions, so session tickets are pure overhead.
static inline uint64_t beep_SSL_OP_NO_TICKET(void) {
    return SSL_OP_NO_TICKET;
}

/// `SSL_OP_NO_RENEGOTIATION` (cast-and-shift constant, not imported): WebRTC never
/// renegotiates DTLS, so a peer's attempt is refused with a no_renegotiation alert
/// instead of running a second handshake over an established SRTP session.
static inline uint64_t beep_SSL_OP_NO_RENEGOTIATION(void) {
    return SSL_OP_NO_RENEGOTIATION;
}

// MARK: Memory BIOs

/// Wraps the macro `BIO_pending`: bytes waiting to be read from `bio`.
/// (`BIO_ctrl_pending` is a real function and is importable too; this keeps an int.)
static inline int beep_BIO_pending(BIO *bio) {
    return (int)BIO_ctrl(bio, BIO_CTRL_PENDING, 0, NULL);
}

/// Wraps the macro `BIO_set_mem_eof_return`. For a memory BIO that feeds received
/// datagrams to SSL, pass -1 so an empty BIO reads as "retry" (SSL_ERROR_WANT_READ)
/// rather than end-of-file. Returns 1 on success.
static inline int beep_BIO_set_mem_eof_return(BIO *bio, int value) {
    return (int)BIO_ctrl(bio, BIO_C_SET_BUF_MEM_EOF_RETURN, value, NULL);
}

// MARK: Context and protocol versions

/// Wraps the macro `SSL_CTX_set_min_proto_version` (e.g. `DTLS1_2_VERSION`).
/// Returns 1 on success.
static inline int beep_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, version, NULL);
}

/// Wraps the macro `SSL_CTX_set_max_proto_version`. Returns 1 on success.
static inline int beep_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, version, NULL);
}

/// Wraps the macro `SSL_CTX_set1_groups_list` (key exchange groups, e.g.
/// "X25519:P-256"). Returns 1 on success.
static inline int beep_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *groups) {
    return (int)SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS_LIST, 0, (void *)groups);
}

/// Wraps the macro `SSL_CTX_set_read_ahead`. Returns the previous setting.
static inline long beep_SSL_CTX_set_read_ahead(SSL_CTX *ctx, int on) {
    return SSL_CTX_ctrl(ctx, SSL_CTRL_SET_READ_AHEAD, on, NULL);
}

// Note: `SSL_CTX_set_ecdh_auto` is a no-op macro since OpenSSL 1.1.0 (ECDH is always
// automatic), so no wrapper; use `beep_SSL_CTX_set1_groups_list` to restrict groups.

// MARK: ex_data (context for C callbacks)

/// Wraps the macro `SSL_get_ex_new_index` with no callbacks: a slot index for
/// `SSL_set_ex_data`/`SSL_get_ex_data` (how Swift passes `Unmanaged` context into
/// verify callbacks). Returns -1 on failure.
static inline int beep_SSL_get_ex_new_index(void) {
    return CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, 0, NULL, NULL, NULL, NULL);
}

/// Wraps the macro `SSL_CTX_get_ex_new_index` with no callbacks (see above).
static inline int beep_SSL_CTX_get_ex_new_index(void) {
    return CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_CTX, 0, NULL, NULL, NULL, NULL);
}

// MARK: Memory

/// Wraps the macro `OPENSSL_free` (CRYPTO_free with file/line): frees memory that
/// OpenSSL allocated for the caller (e.g. from `BN_bn2hex`, `i2d_*` with NULL out).
static inline void beep_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

// MARK: Keys and certificates

/// Generates an EC key on NIST P-256 (prime256v1), the WebRTC default certificate key.
/// Stands in for the macro `EVP_EC_gen`, which expands to the variadic
/// `EVP_PKEY_Q_keygen`. Returns NULL on failure; free with `EVP_PKEY_free`.
static inline EVP_PKEY *beep_EVP_PKEY_generate_ec_p256(void) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

/// Sets a certificate's validity window relative to now (`X509_gmtime_adj` on the
/// fields returned by `X509_getm_notBefore`/`X509_getm_notAfter`, a convenience that
/// also avoids the deprecated `X509_get_notBefore` macros). Returns 1 on success.
static inline int beep_X509_set_validity_seconds(X509 *cert, long notBeforeOffset, long notAfterOffset) {
    if (X509_gmtime_adj(X509_getm_notBefore(cert), notBeforeOffset) == NULL) { return 0; }
    if (X509_gmtime_adj(X509_getm_notAfter(cert), notAfterOffset) == NULL) { return 0; }
    return 1;
}

/// Sets a certificate's serial number from a 64-bit value (`ASN1_INTEGER_set_uint64`
/// on `X509_get_serialNumber`). Returns 1 on success.
static inline int beep_X509_set_serial_u64(X509 *cert, uint64_t serial) {
    return ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial);
}

/// Sets the subject and issuer common name (self-signed: both equal) in one call, so
/// Swift does not juggle the borrowed `X509_NAME *` and the string-type flag.
/// Returns 1 on success.
static inline int beep_X509_set_self_signed_cn(X509 *cert, const char *commonName) {
    X509_NAME *name = X509_get_subject_name(cert);
    if (name == NULL) { return 0; }
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   (const unsigned char *)commonName, -1, -1, 0) != 1) {
        return 0;
    }
    return X509_set_issuer_name(cert, name);
}

// MARK: Errors

/// Pops the earliest error from this thread's OpenSSL error queue and writes its text
/// into `buffer` (always NUL-terminated when `length` > 0). Returns the error code, or 0
/// (and an empty string) when the queue was empty. Lets Swift build typed errors
/// without handling `ERR_error_string_n`'s buffer rules at every call site.
static inline unsigned long beep_ERR_pop_string(char *buffer, size_t length) {
    unsigned long code = ERR_get_error();
    if (length > 0) {
        buffer[0] = '\0';
        if (code != 0) { ERR_error_string_n(code, buffer, length); }
    }
    return code;
}

#endif // CBEEP_OPENSSL_SHIM_H
