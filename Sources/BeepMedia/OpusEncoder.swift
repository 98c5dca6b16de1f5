import CBeepOpus

/// A libopus encoder for mono 48 kHz audio in 20 ms frames (RFC 7587 §4.2: WebRTC's
/// default `ptime`). One instance owns one `OpusEncoder` and destroys it in `deinit`;
/// confine it to one thread.
public final class OpusAudioEncoder {
    /// Samples per second.
    public static let sampleRate = 48_000
    /// Samples in one 20 ms frame.
    public static let frameSamples = 960
    /// The largest encoded frame this encoder produces (RFC 6716 §3.4 R5 allows 1275 bytes).
    public static let maxPacketBytes = 1275

    private let encoder: OpaquePointer

    /// An encoder for VoIP at `bitrate` bits per second.
    public init(bitrate: Int = 32_000, complexity: Int = 5) throws(MediaError) {
        var status: Int32 = 0
        guard let created = opus_encoder_create(Int32(Self.sampleRate), 1, OPUS_APPLICATION_VOIP, &status),
              status == OPUS_OK else {
            throw MediaError(.codecInit, "opus_encoder_create failed: \(Self.message(status))")
        }
        // Configure before `self` owns the encoder: a throwing init must not leave it to deinit.
        let bitrateStatus = beep_opus_encoder_set_bitrate(created, Int32(clamping: bitrate))
        let complexityStatus = beep_opus_encoder_set_complexity(created, Int32(clamping: complexity))
        guard bitrateStatus == OPUS_OK, complexityStatus == OPUS_OK else {
            opus_encoder_destroy(created)
            throw MediaError(.codecControl, "opus bitrate/complexity rejected: \(Self.message(bitrateStatus)), "
                             + Self.message(complexityStatus))
        }
        encoder = created
    }

    deinit { opus_encoder_destroy(encoder) }

    /// Encodes exactly one 20 ms frame of mono PCM (960 samples).
    public func encode(_ pcm: [Int16]) throws(MediaError) -> [UInt8] {
        guard pcm.count == Self.frameSamples else {
            throw MediaError(.badInput, "opus frame must have \(Self.frameSamples) samples, got \(pcm.count)")
        }
        var output = [UInt8](repeating: 0, count: Self.maxPacketBytes)
        let written = pcm.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out -> Int32 in
                guard let source = input.baseAddress, let target = out.baseAddress else { return OPUS_BAD_ARG }
                return opus_encode(encoder, source, Int32(Self.frameSamples), target, Int32(Self.maxPacketBytes))
            }
        }
        guard written > 0 else { throw MediaError(.encode, "opus_encode failed: \(Self.message(written))") }
        return Array(output.prefix(Int(written)))
    }

    static func message(_ status: Int32) -> String {
        guard let text = opus_strerror(status) else { return "status \(status)" }
        return "\(String(cString: text)) (\(status))"
    }
}
