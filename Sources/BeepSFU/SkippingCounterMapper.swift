/// Maps a counter of one source (RTP sequence numbers, 16 bits; VP8 PictureIDs, 15 bits)
/// into a consumer's output space so that the output has no holes where the SFU dropped
/// values on purpose (temporal layers above the target, RFC 7741 §4.2), and continues from
/// the last output value when a new source segment starts (a simulcast switch).
///
/// `output = input + offset - (dropped values between the segment start and input)`. Dropped
/// values far behind the newest input are folded into the offset; inputs that far behind are
/// refused (they would be mapped ambiguously).
struct SkippingCounterMapper: Sendable, Hashable {
    /// The counter's modulus mask: 0xFFFF for 16 bits, 0x7FFF for 15.
    let mask: UInt32
    /// How far behind the newest input a value is still accepted.
    let window: UInt32
    private var offset: UInt32 = 0
    private var newest: UInt32?
    private var lastOutput: UInt32?
    private var dropped: [UInt32] = []
    private var segmentStart: UInt32 = 0
    private var needsResync = true

    init(bits: Int, window: UInt32 = 512) {
        mask = (UInt32(1) << UInt32(bits)) &- 1
        self.window = min(window, mask / 4)
    }

    /// The next input starts a new segment whose first value follows the last output.
    mutating func resync() { needsResync = true }

    /// The number of steps from `from` to `to`, forward being positive, within the modulus.
    private func distance(from: UInt32, to: UInt32) -> Int64 {
        let forward = (to &- from) & mask
        return forward > mask / 2 ? Int64(forward) - Int64(mask) - 1 : Int64(forward)
    }

    /// Records an input value the SFU drops; later values close the gap.
    mutating func drop(_ value: UInt32) {
        let value = value & mask
        // Nothing forwarded in this segment yet, or older than its start: no gap to close.
        guard !needsResync, distance(from: segmentStart, to: value) > 0 else { return }
        if let newest {
            let ahead = distance(from: newest, to: value)
            guard ahead > -Int64(window) else { return }
            if ahead > 0 { self.newest = value }
        }
        if dropped.last == value { return }
        dropped.append(value)
        fold()
    }

    /// The output value for a forwarded input, nil when it is too old for the segment.
    mutating func map(_ input: UInt32) -> UInt32? {
        let value = input & mask
        if needsResync {
            needsResync = false
            let start = lastOutput.map { ($0 &+ 1) & mask } ?? value
            offset = (start &- value) & mask
            newest = value
            segmentStart = value
            dropped.removeAll()
        }
        guard let current = newest else { return nil }
        let ahead = distance(from: current, to: value)
        guard ahead > -Int64(window), distance(from: segmentStart, to: value) >= 0 else { return nil }
        if ahead > 0 { newest = value }
        var skipped: UInt32 = 0
        for droppedValue in dropped where distance(from: droppedValue, to: value) > 0 { skipped &+= 1 }
        let output = (value &+ offset &- skipped) & mask
        if lastOutput.map({ distance(from: $0, to: output) > 0 }) ?? true { lastOutput = output }
        fold()
        return output
    }

    /// Folds dropped values older than the acceptance window into the offset.
    private mutating func fold() {
        guard let newest else { return }
        while let first = dropped.first, distance(from: first, to: newest) >= Int64(window) {
            dropped.removeFirst()
            offset = (offset &- 1) & mask
        }
    }
}
