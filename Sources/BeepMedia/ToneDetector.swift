import Foundation

/// Tone analysis of mono 48 kHz PCM with the Goertzel algorithm (one DFT bin at a time, no
/// FFT): how much of a window's energy sits at a frequency, and which frequency of a grid
/// dominates.
public enum ToneDetector {
    /// Goertzel power of `samples` at `frequency` Hz for a `sampleRate` signal.
    public static func power(_ samples: ArraySlice<Int16>, frequency: Double, sampleRate: Double = 48_000) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / sampleRate)
        // A plain loop over the buffer: several times faster than slice iteration in debug builds.
        return samples.withUnsafeBufferPointer { buffer in
            var previous = 0.0
            var beforePrevious = 0.0
            for index in 0..<buffer.count {
                let current = Double(buffer[index]) + coefficient * previous - beforePrevious
                beforePrevious = previous
                previous = current
            }
            return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        }
    }

    /// The sum of squared samples.
    static func energy(_ samples: ArraySlice<Int16>) -> Double {
        samples.withUnsafeBufferPointer { buffer in
            var total = 0.0
            for index in 0..<buffer.count { total += Double(buffer[index]) * Double(buffer[index]) }
            return total
        }
    }

    /// The share (0...~1) of the window's energy at `frequency`: about 1 for a pure tone at
    /// that frequency, near 0 for silence or another tone. For a sine of amplitude A over N
    /// samples the Goertzel power is (A·N/2)² and the energy A²·N/2, hence the 2/N factor.
    public static func tonality(_ samples: ArraySlice<Int16>, frequency: Double, sampleRate: Double = 48_000) -> Double {
        guard !samples.isEmpty else { return 0 }
        let energy = energy(samples)
        guard energy > 0 else { return 0 }
        return 2 * power(samples, frequency: frequency, sampleRate: sampleRate) / (Double(samples.count) * energy)
    }

    /// The frequency of `candidates` with the most Goertzel power, or nil for silence.
    public static func dominantFrequency(_ samples: ArraySlice<Int16>, candidates: [Double],
                                         sampleRate: Double = 48_000) -> Double? {
        var best: (frequency: Double, power: Double)?
        for frequency in candidates {
            let value = power(samples, frequency: frequency, sampleRate: sampleRate)
            if value > (best?.power ?? 0) { best = (frequency, value) }
        }
        return best?.frequency
    }

    /// The dominant frequency between `lower` and `upper` Hz to within `resolution` Hz, in two
    /// passes: a coarse search on the first quarter of the window (steps of four times the
    /// resolution), then a fine search around its winner on the whole window. Much cheaper than
    /// scanning the whole range finely; nil for silence.
    public static func dominantFrequency(_ samples: ArraySlice<Int16>, lower: Double = 100, upper: Double = 3000,
                                         resolution: Double = 10, sampleRate: Double = 48_000) -> Double? {
        guard resolution > 0, upper > lower, !samples.isEmpty else { return nil }
        let coarseStep = resolution * 4
        let coarse = stride(from: lower, through: upper, by: coarseStep).map { $0 }
        let quarter = samples.prefix(max(1, samples.count / 4))
        guard let rough = dominantFrequency(quarter, candidates: coarse, sampleRate: sampleRate) else { return nil }
        let fine = stride(from: max(lower, rough - coarseStep), through: min(upper, rough + coarseStep), by: resolution)
            .map { $0 }
        return dominantFrequency(samples, candidates: fine, sampleRate: sampleRate)
    }

    /// The RMS level in dBov (0 = full-scale square wave; -127 for digital silence), as
    /// RFC 6464 §3 measures audio level.
    public static func levelDBov(_ samples: ArraySlice<Int16>) -> Double {
        guard !samples.isEmpty else { return -127 }
        let meanSquare = energy(samples) / Double(samples.count)
        guard meanSquare > 0 else { return -127 }
        return max(-127, 10 * log10(meanSquare / (32_767.0 * 32_767.0)))
    }
}
