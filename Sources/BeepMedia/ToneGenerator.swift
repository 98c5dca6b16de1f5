import Foundation

/// A sine tone cut into 20 ms frames of mono 48 kHz PCM: each bot speaks at its own known
/// frequency so receivers can tell whose audio they decoded.
///
/// The samples of one whole cycle of the pattern (the shortest run of samples holding a whole
/// number of periods: 48000 / gcd(48000, f) samples for an integer frequency f, at most one
/// second) are computed once, so each frame is a copy rather than 960 sines.
public struct ToneGenerator: Sendable {
    /// The tone's frequency in hertz.
    public let frequency: Double
    /// Peak amplitude (0...32767).
    public let amplitude: Double
    private let cycle: [Int16]
    private var position = 0

    /// A tone at `frequency` Hz (at about -9 dBFS by default). A non-integer frequency is
    /// rounded to the nearest hertz (the detector's resolution is 10 Hz).
    public init(frequency: Double, amplitude: Double = 11_000) {
        let rate = OpusAudioEncoder.sampleRate
        let hertz = frequency.isFinite ? Int(min(max(frequency.rounded(), 1), Double(rate / 2))) : 440
        self.frequency = Double(hertz)
        self.amplitude = amplitude.isFinite ? min(max(amplitude, 0), 32_767) : 0
        let length = rate / Self.gcd(rate, hertz)
        let peak = self.amplitude
        cycle = (0..<length).map { index in
            Int16(peak * sin(2 * Double.pi * Double(hertz) * Double(index) / Double(rate)))
        }
    }

    /// The next 20 ms frame (960 samples).
    public mutating func nextFrame() -> [Int16] {
        var frame: [Int16] = []
        frame.reserveCapacity(OpusAudioEncoder.frameSamples)
        while frame.count < OpusAudioEncoder.frameSamples {
            let take = min(OpusAudioEncoder.frameSamples - frame.count, cycle.count - position)
            frame += cycle[position..<(position + take)]
            position = (position + take) % cycle.count
        }
        return frame
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }
}
