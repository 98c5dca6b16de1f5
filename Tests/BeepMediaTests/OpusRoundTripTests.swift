import BeepMedia
import Testing

@Suite struct OpusRoundTripTests {
    /// A 440 Hz tone through libopus keeps its frequency: the detector finds it in the decoded
    /// PCM (after the codec's start-up frames) and not at a neighbouring bot's 550 Hz.
    @Test func toneSurvivesOpus() throws {
        let encoder = try OpusAudioEncoder()
        let decoder = try OpusAudioDecoder()
        var tone = ToneGenerator(frequency: 440)
        var decoded: [Int16] = []
        for _ in 0..<25 {
            let packet = try encoder.encode(tone.nextFrame())
            #expect(!packet.isEmpty && packet.count <= OpusAudioEncoder.maxPacketBytes)
            let pcm = try decoder.decode(packet)
            #expect(pcm.count == OpusAudioEncoder.frameSamples)
            decoded += pcm
        }
        let window = decoded.suffix(4800)
        #expect(ToneDetector.tonality(window, frequency: 440) > 0.6)
        #expect(ToneDetector.tonality(window, frequency: 550) < 0.1)
        let grid = stride(from: 200.0, through: 2000.0, by: 10.0).map { $0 }
        #expect(ToneDetector.dominantFrequency(window, candidates: grid) == 440)
        #expect(ToneDetector.dominantFrequency(window) == 440)
        #expect(ToneDetector.levelDBov(window) > -20)
    }

    @Test func encoderRejectsWrongFrameSize() throws {
        let encoder = try OpusAudioEncoder()
        #expect(throws: MediaError.self) { try encoder.encode([Int16](repeating: 0, count: 100)) }
    }

    @Test func decoderRejectsEmptyPacket() throws {
        let decoder = try OpusAudioDecoder()
        #expect(throws: MediaError.self) { try decoder.decode([]) }
    }
}

@Suite struct ToneDetectorTests {
    @Test(arguments: [300.0, 440.0, 770.0, 1100.0])
    func pureToneIsDominant(frequency: Double) {
        var tone = ToneGenerator(frequency: frequency)
        let samples = (0..<5).flatMap { _ in tone.nextFrame() }
        let grid = stride(from: 200.0, through: 2000.0, by: 10.0).map { $0 }
        #expect(ToneDetector.dominantFrequency(samples[...], candidates: grid) == frequency)
        #expect(ToneDetector.dominantFrequency(samples[...]) == frequency, "two-pass search")
        #expect(ToneDetector.tonality(samples[...], frequency: frequency) > 0.9)
        #expect(ToneDetector.tonality(samples[...], frequency: frequency + 110) < 0.05)
    }

    @Test func silenceHasNoToneAndFloorLevel() {
        let silence = [Int16](repeating: 0, count: 960)
        #expect(ToneDetector.tonality(silence[...], frequency: 440) == 0)
        #expect(ToneDetector.dominantFrequency(silence[...], candidates: [440, 550]) == nil)
        #expect(ToneDetector.dominantFrequency(silence[...]) == nil)
        #expect(ToneDetector.levelDBov(silence[...]) == -127)
    }
}
