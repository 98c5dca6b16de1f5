import BeepMedia
import Testing

/// The encoder's target bitrate changes while it runs (what a REMB asks of a sender).
@Suite struct VP8BitrateChangeTests {
    /// Bytes of the last `count` frames after `frames` frames of faint noise (detail the
    /// encoder codes finer the more bits it may spend, so CBR uses its budget).
    private func bytes(_ encoder: VP8VideoEncoder, frames: Int, last count: Int,
                       generator: inout SystemRandomNumberGenerator) throws -> Int {
        var total = 0
        for index in 0..<frames {
            var frame = try #require(I420Frame(width: 160, height: 120))
            frame.y = (0..<frame.y.count).map { _ in UInt8.random(in: 116...140, using: &generator) }
            let encoded = try encoder.encode(frame)
            if index >= frames - count { total += encoded?.bytes.count ?? 0 }
        }
        return total
    }

    @Test("a lower target takes effect on the next frames; values below 50 kbit/s are raised to 50")
    func lowerTargetShrinksFrames() throws {
        var generator = SystemRandomNumberGenerator()
        let encoder = try VP8VideoEncoder(width: 160, height: 120, fps: 15, bitrateKbps: 1000)
        #expect(encoder.bitrateKbps == 1000)
        let high = try bytes(encoder, frames: 24, last: 12, generator: &generator)
        try encoder.setBitrate(kbps: 150)
        #expect(encoder.bitrateKbps == 150)
        let low = try bytes(encoder, frames: 24, last: 12, generator: &generator)
        #expect(low * 3 < high, "12 frames: \(high) bytes at 1000 kbit/s, \(low) at 150")
        try encoder.setBitrate(kbps: 10)
        #expect(encoder.bitrateKbps == 50)
    }
}
