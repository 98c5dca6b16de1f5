import BeepMedia
import Testing

@Suite struct VP8RoundTripTests {
    /// The frame number and timestamp drawn into the pattern come back out of libvpx intact,
    /// for a key frame and the inter frames after it, at a low (lossy) bitrate.
    @Test func frameStampSurvivesVP8Compression() throws {
        let pattern = try TestPattern(width: 320, height: 240)
        let encoder = try VP8VideoEncoder(width: 320, height: 240, fps: 15, bitrateKbps: 150)
        let decoder = try VP8VideoDecoder()
        var read: [FrameStamp] = []
        for number in UInt32(0)..<12 {
            let stamp = FrameStamp(frameNumber: 1_000_000 + number, sendTimeMillis: 0xFFFF_FF00 &+ number * 66)
            guard let encoded = try encoder.encode(pattern.frame(stamp), forceKeyFrame: number == 6) else { continue }
            #expect(encoded.isKeyFrame == (number == 0 || number == 6))
            let picture = try #require(try decoder.decode(encoded.bytes))
            #expect(picture.width == 320 && picture.height == 240)
            let decodedStamp = try #require(FrameStamp.read(from: picture), "frame \(number)")
            #expect(decodedStamp == stamp)
            read.append(decodedStamp)
        }
        #expect(read.count >= 10)
    }

    @Test func stampReaderRejectsAFrameWithoutStamp() throws {
        let grey = try #require(I420Frame(width: 320, height: 240))
        #expect(FrameStamp.read(from: grey) == nil)
    }

    @Test func stampNeedsRoom() throws {
        var small = try #require(I420Frame(width: 64, height: 64))
        #expect(!FrameStamp(frameNumber: 1, sendTimeMillis: 2).draw(into: &small))
        #expect(throws: MediaError.self) { try TestPattern(width: 100, height: 50) }
    }

    @Test func encoderRejectsWrongFrameSize() throws {
        let encoder = try VP8VideoEncoder(width: 320, height: 240)
        let frame = try #require(I420Frame(width: 160, height: 120))
        #expect(throws: MediaError.self) { try encoder.encode(frame) }
    }

    @Test func decoderRejectsGarbage() throws {
        let decoder = try VP8VideoDecoder()
        #expect(throws: MediaError.self) { try decoder.decode([0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]) }
        #expect(throws: MediaError.self) { try decoder.decode([]) }
    }
}
