import BeepMedia

/// Checks decoded audio for the tone a remote bot is known to send: cuts the PCM into
/// 100 ms windows, and for each measures the share of energy at the expected frequency
/// (``ToneDetector/tonality(_:frequency:sampleRate:)``), the level, and now and then the
/// dominant frequency (10 Hz resolution).
public struct ToneTracker: Sendable {
    /// Samples per analysis window (100 ms at 48 kHz: 10 Hz Goertzel resolution).
    public static let windowSamples = 4800
    /// A window whose tonality at the expected frequency exceeds this holds the tone.
    public static let tonalityThreshold = 0.5
    /// The dominant frequency is searched in one audible window out of this many (it costs
    /// about as much as all the other analysis).
    public static let dominantSearchEvery = 20

    /// The frequency the remote bot announced (nil: not a bot tone; only levels are measured).
    public let expectedFrequency: Double?
    /// Windows analysed.
    public private(set) var windows = 0
    /// Windows holding the expected tone.
    public private(set) var toneWindows = 0
    /// Windows that were not silent (above -60 dBov).
    public private(set) var audibleWindows = 0
    /// The dominant frequency of the latest audible window searched.
    public private(set) var dominantFrequency: Double?
    private var levelSum = 0.0
    private var pending: [Int16] = []

    /// A tracker expecting `expectedFrequency` Hz.
    public init(expectedFrequency: Double?) {
        self.expectedFrequency = expectedFrequency
        pending.reserveCapacity(Self.windowSamples * 2)
    }

    /// Mean level of the audible windows in dBov, or nil.
    public var meanLevelDBov: Double? { audibleWindows == 0 ? nil : levelSum / Double(audibleWindows) }

    /// Feeds decoded PCM.
    public mutating func add(_ pcm: [Int16]) {
        pending += pcm
        while pending.count >= Self.windowSamples {
            analyse(pending[0..<Self.windowSamples])
            pending.removeFirst(Self.windowSamples)
        }
    }

    private mutating func analyse(_ window: ArraySlice<Int16>) {
        windows += 1
        let level = ToneDetector.levelDBov(window)
        guard level > -60 else { return }
        audibleWindows += 1
        levelSum += level
        if let expectedFrequency, ToneDetector.tonality(window, frequency: expectedFrequency) > Self.tonalityThreshold {
            toneWindows += 1
        }
        if audibleWindows % Self.dominantSearchEvery == 1 {
            dominantFrequency = ToneDetector.dominantFrequency(window, lower: 100, upper: 3000, resolution: 10)
        }
    }

    /// The tone frequency a bot announces in its audio track id: `tone-<hz>hz-...`.
    public static func frequency(inTrackID trackID: String) -> Double? {
        let parts = trackID.split(separator: "-")
        guard parts.count >= 2, parts[0] == "tone", parts[1].hasSuffix("hz"),
              let value = Double(parts[1].dropLast(2)), value > 0, value < 24_000 else { return nil }
        return value
    }
}
