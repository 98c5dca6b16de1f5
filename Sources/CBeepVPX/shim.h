// CBeepVPX shim: libvpx VP8 headers plus `static inline` wrappers for what Swift cannot
// import: `vpx_codec_enc_init`/`vpx_codec_dec_init` are function-like macros (they pass
// the ABI version), and `vpx_codec_control` is a token-pasting macro over the variadic
// `vpx_codec_control_`. `vpx_codec_vp8_cx()` / `vpx_codec_vp8_dx()` are plain functions
// and import as they are. Wrapper names start with `beep_`.
#ifndef CBEEP_VPX_SHIM_H
#define CBEEP_VPX_SHIM_H

#include <vpx/vpx_codec.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vpx_encoder.h>
#include <vpx/vpx_image.h>
#include <vpx/vp8cx.h>
#include <vpx/vp8dx.h>

// MARK: Codec initialisation

/// Wraps the macro `vpx_codec_enc_init` for the VP8 encoder (`vpx_codec_vp8_cx()`):
/// `cfg` usually comes from `vpx_codec_enc_config_default`; `flags` is 0 or
/// `VPX_CODEC_USE_*` bits. Release with `vpx_codec_destroy`.
static inline vpx_codec_err_t beep_vpx_codec_enc_init_vp8(vpx_codec_ctx_t *ctx, const vpx_codec_enc_cfg_t *cfg,
                                                          vpx_codec_flags_t flags) {
    return vpx_codec_enc_init(ctx, vpx_codec_vp8_cx(), cfg, flags);
}

/// Wraps the macro `vpx_codec_dec_init` for the VP8 decoder (`vpx_codec_vp8_dx()`):
/// `cfg` may be NULL (threads/size from the stream). Release with `vpx_codec_destroy`.
static inline vpx_codec_err_t beep_vpx_codec_dec_init_vp8(vpx_codec_ctx_t *ctx, const vpx_codec_dec_cfg_t *cfg,
                                                          vpx_codec_flags_t flags) {
    return vpx_codec_dec_init(ctx, vpx_codec_vp8_dx(), cfg, flags);
}

// MARK: VP8 encoder controls (vpx_codec_control is a macro over a variadic function)

/// VP8E_SET_CPUUSED: speed/quality trade-off, -16 ... 16; real-time calls use about -6.
static inline vpx_codec_err_t beep_vp8e_set_cpuused(vpx_codec_ctx_t *ctx, int value) {
    return vpx_codec_control_(ctx, VP8E_SET_CPUUSED, value);
}

/// VP8E_SET_NOISE_SENSITIVITY: temporal denoiser strength, 0 (off) ... 6.
static inline vpx_codec_err_t beep_vp8e_set_noise_sensitivity(vpx_codec_ctx_t *ctx, unsigned int value) {
    return vpx_codec_control_(ctx, VP8E_SET_NOISE_SENSITIVITY, value);
}

/// VP8E_SET_TOKEN_PARTITIONS: log2 of DCT token partitions (`vp8e_token_partitions`,
/// 0 ... 3), letting the decoder parse in parallel (RFC 6386 §9.5).
static inline vpx_codec_err_t beep_vp8e_set_token_partitions(vpx_codec_ctx_t *ctx, int value) {
    return vpx_codec_control_(ctx, VP8E_SET_TOKEN_PARTITIONS, value);
}

/// VP8E_SET_STATIC_THRESHOLD: macroblock change threshold below which blocks are skipped.
static inline vpx_codec_err_t beep_vp8e_set_static_threshold(vpx_codec_ctx_t *ctx, unsigned int value) {
    return vpx_codec_control_(ctx, VP8E_SET_STATIC_THRESHOLD, value);
}

/// VP8E_SET_MAX_INTRA_BITRATE_PCT: keyframe size cap, in percent of the average frame
/// (limits the burst a keyframe causes on the network).
static inline vpx_codec_err_t beep_vp8e_set_max_intra_bitrate_pct(vpx_codec_ctx_t *ctx, unsigned int value) {
    return vpx_codec_control_(ctx, VP8E_SET_MAX_INTRA_BITRATE_PCT, value);
}

/// VP8E_SET_TEMPORAL_LAYER_ID: the temporal layer of the next frame (with
/// `ts_number_layers` > 1 in the config).
static inline vpx_codec_err_t beep_vp8e_set_temporal_layer_id(vpx_codec_ctx_t *ctx, int value) {
    return vpx_codec_control_(ctx, VP8E_SET_TEMPORAL_LAYER_ID, value);
}

/// VP8E_SET_ENABLEAUTOALTREF: 1 to let the encoder build hidden alt-ref frames
/// (adds latency; real-time calls keep it 0).
static inline vpx_codec_err_t beep_vp8e_set_enable_auto_alt_ref(vpx_codec_ctx_t *ctx, unsigned int value) {
    return vpx_codec_control_(ctx, VP8E_SET_ENABLEAUTOALTREF, value);
}

// MARK: Flag constants
// Swift imports these macros as Int32; the functions return them in the C type of the
// field or argument they are used with (long or uint32_t), so call sites need no casts.

/// `VPX_EFLAG_FORCE_KF` (a `(1 << 0)` macro): pass in `vpx_codec_encode` flags to force
/// a keyframe (answering a PLI/FIR).
static inline vpx_enc_frame_flags_t beep_VPX_EFLAG_FORCE_KF(void) {
    return VPX_EFLAG_FORCE_KF;
}

/// `VPX_FRAME_IS_KEY`: bit of `vpx_codec_cx_pkt_t.data.frame.flags` set on keyframes.
static inline vpx_codec_frame_flags_t beep_VPX_FRAME_IS_KEY(void) {
    return VPX_FRAME_IS_KEY;
}

/// `VPX_FRAME_IS_FRAGMENT`: set on every packet of a frame but the last when the
/// encoder was opened with `VPX_CODEC_USE_OUTPUT_PARTITION`.
static inline vpx_codec_frame_flags_t beep_VPX_FRAME_IS_FRAGMENT(void) {
    return VPX_FRAME_IS_FRAGMENT;
}

/// `VPX_DL_REALTIME`: the `deadline` argument of `vpx_codec_encode` for live video.
static inline unsigned long beep_VPX_DL_REALTIME(void) {
    return VPX_DL_REALTIME;
}

/// `VPX_CODEC_USE_ERROR_CONCEALMENT`: decoder init flag to conceal missing partitions.
static inline vpx_codec_flags_t beep_VPX_CODEC_USE_ERROR_CONCEALMENT(void) {
    return VPX_CODEC_USE_ERROR_CONCEALMENT;
}

/// `VPX_CODEC_USE_OUTPUT_PARTITION`: encoder init flag to emit one packet per VP8
/// partition (RFC 7741 §4.4 partition-aware packetisation).
static inline vpx_codec_flags_t beep_VPX_CODEC_USE_OUTPUT_PARTITION(void) {
    return VPX_CODEC_USE_OUTPUT_PARTITION;
}

#endif // CBEEP_VPX_SHIM_H
