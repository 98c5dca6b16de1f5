import CBeepOpus

/// A libopus decoder to mono 48 kHz PCM. One instance owns one `OpusDecoder` and destroys
/// it in `deinit`; confine it to one thread.
public final class OpusAudioDecoder {
    /// The longest frame Opus carries: 120 ms at 48 kHz (RFC 6716 §2.1.4).
    public static let maxFrameSamples = 5760

    private let decoder: OpaquePointer

    /// A mono 48 kHz decoder.
    public init() throws(MediaError) {
        var status: Int32 = 0
        guard let created = opus_decoder_create(Int32(OpusAudioEncoder.sampleRate), 1, &status),
              status == OPUS_OK else {
            throw MediaError(.codecInit, "opus_decoder_create failed: \(OpusAudioEncoder.message(status))")
        }
        decoder = created
    }

    deinit { opus_decoder_destroy(decoder) }

    /// Decodes one Opus packet (RFC 7587 §4.2: an RTP payload is one Opus packet) to PCM.
    public func decode(_ packet: [UInt8]) throws(MediaError) -> [Int16] {
        guard !packet.isEmpty, packet.count <= Int(Int32.max) else {
            throw MediaError(.badInput, "empty opus packet")
        }
        var pcm = [Int16](repeating: 0, count: Self.maxFrameSamples)
        let samples = packet.withUnsafeBufferPointer { input in
            pcm.withUnsafeMutableBufferPointer { out -> Int32 in
                guard let target = out.baseAddress else { return OPUS_BAD_ARG }
                return opus_decode(decoder, input.baseAddress, Int32(input.count), target, Int32(Self.maxFrameSamples), 0)
            }
        }
        guard samples >= 0 else { throw MediaError(.decode, "opus_decode failed: \(OpusAudioEncoder.message(samples))") }
        return Array(pcm.prefix(Int(samples)))
    }
}
