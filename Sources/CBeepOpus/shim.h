// CBeepOpus shim: libopus headers plus one `static inline` wrapper per encoder/decoder
// control Beep uses. `opus_encoder_ctl` and `opus_decoder_ctl` are variadic C functions
// (and the OPUS_SET_x(v) request macros expand to two arguments), so Swift can call
// neither; each wrapper passes one typed argument. All return an OPUS_* status code
// (OPUS_OK == 0). Wrapper names start with `beep_`.
// (pkg-config "opus" adds -I/usr/include/opus, hence the bare include.)
#ifndef CBEEP_OPUS_SHIM_H
#define CBEEP_OPUS_SHIM_H

#include <opus.h>
#include <stdint.h>

// MARK: Encoder controls

/// OPUS_SET_BITRATE: target bitrate in bits per second, or OPUS_AUTO / OPUS_BITRATE_MAX.
static inline int beep_opus_encoder_set_bitrate(OpusEncoder *encoder, opus_int32 bitsPerSecond) {
    return opus_encoder_ctl(encoder, OPUS_SET_BITRATE(bitsPerSecond));
}

/// OPUS_GET_BITRATE: the bitrate the encoder currently targets (resolves OPUS_AUTO).
static inline int beep_opus_encoder_get_bitrate(OpusEncoder *encoder, opus_int32 *bitsPerSecond) {
    return opus_encoder_ctl(encoder, OPUS_GET_BITRATE(bitsPerSecond));
}

/// OPUS_SET_COMPLEXITY: 0 (fastest) ... 10 (best quality).
static inline int beep_opus_encoder_set_complexity(OpusEncoder *encoder, opus_int32 complexity) {
    return opus_encoder_ctl(encoder, OPUS_SET_COMPLEXITY(complexity));
}

/// OPUS_SET_INBAND_FEC: 1 to embed low-bitrate redundancy of the previous frame
/// (SILK modes only; RFC 7587 §3.3 "useinbandfec").
static inline int beep_opus_encoder_set_inband_fec(OpusEncoder *encoder, opus_int32 enabled) {
    return opus_encoder_ctl(encoder, OPUS_SET_INBAND_FEC(enabled));
}

/// OPUS_SET_PACKET_LOSS_PERC: expected loss (0...100 %); in-band FEC is only produced
/// when this is above zero.
static inline int beep_opus_encoder_set_packet_loss_perc(OpusEncoder *encoder, opus_int32 percent) {
    return opus_encoder_ctl(encoder, OPUS_SET_PACKET_LOSS_PERC(percent));
}

/// OPUS_SET_DTX: 1 to send tiny comfort-noise frames during silence (RFC 7587 §3.1.3).
static inline int beep_opus_encoder_set_dtx(OpusEncoder *encoder, opus_int32 enabled) {
    return opus_encoder_ctl(encoder, OPUS_SET_DTX(enabled));
}

/// OPUS_SET_VBR: 1 for variable bitrate (default), 0 for constant bitrate.
static inline int beep_opus_encoder_set_vbr(OpusEncoder *encoder, opus_int32 enabled) {
    return opus_encoder_ctl(encoder, OPUS_SET_VBR(enabled));
}

/// OPUS_SET_SIGNAL: OPUS_AUTO, OPUS_SIGNAL_VOICE or OPUS_SIGNAL_MUSIC.
static inline int beep_opus_encoder_set_signal(OpusEncoder *encoder, opus_int32 signal) {
    return opus_encoder_ctl(encoder, OPUS_SET_SIGNAL(signal));
}

/// OPUS_SET_MAX_BANDWIDTH: an OPUS_BANDWIDTH_* value capping the coded audio band.
static inline int beep_opus_encoder_set_max_bandwidth(OpusEncoder *encoder, opus_int32 bandwidth) {
    return opus_encoder_ctl(encoder, OPUS_SET_MAX_BANDWIDTH(bandwidth));
}

/// OPUS_GET_LOOKAHEAD: encoder delay in samples at the encoder's sample rate.
static inline int beep_opus_encoder_get_lookahead(OpusEncoder *encoder, opus_int32 *samples) {
    return opus_encoder_ctl(encoder, OPUS_GET_LOOKAHEAD(samples));
}

/// OPUS_RESET_STATE on an encoder: start a fresh stream (e.g. after a long pause).
static inline int beep_opus_encoder_reset_state(OpusEncoder *encoder) {
    return opus_encoder_ctl(encoder, OPUS_RESET_STATE);
}

// MARK: Decoder controls

/// OPUS_GET_LAST_PACKET_DURATION: samples (per channel) in the last decoded packet;
/// the frame size to ask for when concealing a lost packet.
static inline int beep_opus_decoder_get_last_packet_duration(OpusDecoder *decoder, opus_int32 *samples) {
    return opus_decoder_ctl(decoder, OPUS_GET_LAST_PACKET_DURATION(samples));
}

/// OPUS_SET_GAIN on a decoder: output gain in Q8 dB (-32768 ... 32767).
static inline int beep_opus_decoder_set_gain(OpusDecoder *decoder, opus_int32 gainQ8dB) {
    return opus_decoder_ctl(decoder, OPUS_SET_GAIN(gainQ8dB));
}

/// OPUS_RESET_STATE on a decoder: forget history (e.g. on an SSRC change).
static inline int beep_opus_decoder_reset_state(OpusDecoder *decoder) {
    return opus_decoder_ctl(decoder, OPUS_RESET_STATE);
}

#endif // CBEEP_OPUS_SHIM_H
