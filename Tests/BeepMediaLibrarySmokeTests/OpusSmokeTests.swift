import CBeepOpus
import Foundation
import Testing

@Suite struct OpusSmokeTests {
    static let sampleRate: Int32 = 48_000
    /// 20 ms at 48 kHz, the WebRTC default packet time (RFC 7587 §4.2 ptime).
    static let frameSize = 960
    static let toneHz = 440.0

    /// Mono 16-bit PCM of a sine at `frequency`, starting at sample `start`.
    static func sineFrame(start: Int, frequency: Double) -> [Int16] {
        (0..<frameSize).map { index in
            let t = Double(start + index) / Double(sampleRate)
            return Int16(12_000 * sin(2 * Double.pi * frequency * t))
        }
    }

    /// Goertzel power of `samples` at `frequency` (one DFT bin, no FFT needed).
    static func goertzelPower(_ samples: ArraySlice<Double>, frequency: Double) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(sampleRate))
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = sample + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    @Test func encodeDecode440HzSineKeepsItsFrequency() throws {
        var encoderError: Int32 = 0
        let encoder = try #require(opus_encoder_create(Self.sampleRate, 1, OPUS_APPLICATION_VOIP, &encoderError))
        defer { opus_encoder_destroy(encoder) }
        #expect(encoderError == OPUS_OK)
        var decoderError: Int32 = 0
        let decoder = try #require(opus_decoder_create(Self.sampleRate, 1, &decoderError))
        defer { opus_decoder_destroy(decoder) }
        #expect(decoderError == OPUS_OK)

        #expect(beep_opus_encoder_set_bitrate(encoder, 32_000) == OPUS_OK)
        var bitrate: Int32 = 0
        #expect(beep_opus_encoder_get_bitrate(encoder, &bitrate) == OPUS_OK)
        #expect(bitrate == 32_000)
        #expect(beep_opus_encoder_set_complexity(encoder, 5) == OPUS_OK)
        #expect(beep_opus_encoder_set_inband_fec(encoder, 1) == OPUS_OK)
        #expect(beep_opus_encoder_set_packet_loss_perc(encoder, 10) == OPUS_OK)
        #expect(beep_opus_encoder_set_dtx(encoder, 0) == OPUS_OK)
        #expect(beep_opus_encoder_set_vbr(encoder, 1) == OPUS_OK)
        #expect(beep_opus_encoder_set_signal(encoder, OPUS_SIGNAL_MUSIC) == OPUS_OK)
        #expect(beep_opus_encoder_set_max_bandwidth(encoder, OPUS_BANDWIDTH_FULLBAND) == OPUS_OK)
        #expect(beep_opus_encoder_set_complexity(encoder, 11) == OPUS_BAD_ARG, "complexity is 0...10")
        var lookahead: Int32 = 0
        #expect(beep_opus_encoder_get_lookahead(encoder, &lookahead) == OPUS_OK)
        #expect(lookahead > 0 && lookahead < Int32(Self.frameSize))
        #expect(beep_opus_decoder_set_gain(decoder, 0) == OPUS_OK)

        let frameCount = 50
        var decoded: [Double] = []
        var packet = [UInt8](repeating: 0, count: 1500)
        var pcmOut = [Int16](repeating: 0, count: Self.frameSize)
        for frame in 0..<frameCount {
            let pcmIn = Self.sineFrame(start: frame * Self.frameSize, frequency: Self.toneHz)
            let encodedBytes = opus_encode(encoder, pcmIn, Int32(Self.frameSize), &packet, Int32(packet.count))
            try #require(encodedBytes > 0, "opus_encode failed: \(encodedBytes)")
            let samples = opus_decode(decoder, packet, encodedBytes, &pcmOut, Int32(Self.frameSize), 0)
            #expect(samples == Int32(Self.frameSize))
            var duration: Int32 = 0
            #expect(beep_opus_decoder_get_last_packet_duration(decoder, &duration) == OPUS_OK)
            #expect(duration == Int32(Self.frameSize))
            decoded += pcmOut.map { Double($0) }
        }
        #expect(decoded.count == frameCount * Self.frameSize)

        // Skip the first 5 frames (encoder lookahead and start-up), then find the
        // strongest frequency from 100 Hz to 2 kHz in 10 Hz steps.
        let analysed = decoded[(5 * Self.frameSize)...]
        let rms = sqrt(analysed.reduce(0) { $0 + $1 * $1 } / Double(analysed.count))
        #expect(rms > 2_000, "decoded audio is not silent (input RMS ≈ 8485)")
        let powers = stride(from: 100.0, through: 2_000.0, by: 10.0).map { frequency in
            (frequency: frequency, power: Self.goertzelPower(analysed, frequency: frequency))
        }
        let dominantHz = try #require(powers.max { $0.power < $1.power }).frequency
        #expect(abs(dominantHz - Self.toneHz) <= 10, "dominant frequency \(dominantHz) Hz")

        // Independent check: a sine crosses zero twice per period.
        var crossings = 0
        var previous = analysed.first ?? 0
        for sample in analysed.dropFirst() {
            if (previous < 0) != (sample < 0) { crossings += 1 }
            previous = sample
        }
        let seconds = Double(analysed.count) / Double(Self.sampleRate)
        let estimatedHz = Double(crossings) / (2 * seconds)
        #expect(abs(estimatedHz - Self.toneHz) < 0.05 * Self.toneHz, "zero-crossing estimate \(estimatedHz) Hz")

        #expect(beep_opus_encoder_reset_state(encoder) == OPUS_OK)
        #expect(beep_opus_decoder_reset_state(decoder) == OPUS_OK)
    }

    /// Packet loss concealment: decoding a missing packet (NULL data) still yields one
    /// frame of the size reported by OPUS_GET_LAST_PACKET_DURATION.
    @Test func lostPacketIsConcealedWithLastDuration() throws {
        var error: Int32 = 0
        let encoder = try #require(opus_encoder_create(Self.sampleRate, 1, OPUS_APPLICATION_VOIP, &error))
        defer { opus_encoder_destroy(encoder) }
        let decoder = try #require(opus_decoder_create(Self.sampleRate, 1, &error))
        defer { opus_decoder_destroy(decoder) }
        #expect(beep_opus_encoder_set_inband_fec(encoder, 1) == OPUS_OK)
        #expect(beep_opus_encoder_set_packet_loss_perc(encoder, 20) == OPUS_OK)

        var packet = [UInt8](repeating: 0, count: 1500)
        var pcmOut = [Int16](repeating: 0, count: Self.frameSize)
        let bytes = opus_encode(encoder, Self.sineFrame(start: 0, frequency: Self.toneHz), Int32(Self.frameSize),
                                &packet, Int32(packet.count))
        try #require(bytes > 0)
        #expect(opus_decode(decoder, packet, bytes, &pcmOut, Int32(Self.frameSize), 0) == Int32(Self.frameSize))
        var duration: Int32 = 0
        #expect(beep_opus_decoder_get_last_packet_duration(decoder, &duration) == OPUS_OK)
        #expect(opus_decode(decoder, nil, 0, &pcmOut, duration, 0) == duration)
    }
}
