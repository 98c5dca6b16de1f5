/// The bitrate the receiver acknowledged: bytes of received packets over a sliding window of
/// the receiver's clock. The rate controller decreases relative to it
/// (draft-ietf-rmcat-gcc-02 §5.5, "R_hat(i)", the incoming bitrate measured over the last
/// 500 ms) and caps increases with it.
struct AcknowledgedBitrateEstimator: Sendable {
    let windowMicroseconds: Int64
    private var samples: [(arrival: Int64, bytes: Int)] = []
    private var head = 0
    private var bytesInWindow = 0
    private var firstArrival: Int64?

    init(window: Duration) { windowMicroseconds = max(1000, Int64(saturating: window.milliseconds * 1000)) }

    /// Adds one received packet.
    mutating func add(arrivalMicroseconds: Int64, bytes: Int) {
        if firstArrival == nil { firstArrival = arrivalMicroseconds }
        samples.append((arrivalMicroseconds, bytes))
        bytesInWindow += bytes
        let latest = max(arrivalMicroseconds, samples[samples.count - 1].arrival)
        while head < samples.count, samples[head].arrival <= latest &- windowMicroseconds {
            bytesInWindow -= samples[head].bytes
            head += 1
        }
        if head > 1024, head * 2 > samples.count {
            samples.removeFirst(head)
            head = 0
        }
    }

    /// The bitrate over the window, nil until a full window has been observed.
    var bitrate: BitsPerSecond? {
        guard let firstArrival, let latest = samples.last?.arrival,
              latest &- firstArrival >= windowMicroseconds / 2 else { return nil }
        let span = min(windowMicroseconds, latest &- firstArrival)
        guard span > 0 else { return nil }
        return BitsPerSecond(saturating: Double(bytesInWindow) * 8e6 / Double(span))
    }
}
