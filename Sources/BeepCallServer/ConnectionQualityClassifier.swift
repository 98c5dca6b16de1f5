import BeepCalls

/// What the SFU knows about one participant's connection at one moment, for
/// ``ConnectionQualityClassifier``.
struct ConnectionQualitySample: Sendable, Equatable {
    /// The worse of upstream loss (its producers, over the last interval) and downstream loss
    /// (the subscribers' receiver reports, RFC 3550 §6.4.1 fraction lost), 0…1; nil when
    /// nothing flowed.
    var lossFraction: Double?
    /// Round-trip time from RTCP (RFC 3550 §6.4.1), seconds.
    var roundTripTime: Double?
    /// Bandwidth estimate divided by what its subscribed streams need (nil when unknown).
    var estimateToNeedRatio: Double?
    /// False once ICE consent is lost (RFC 7675 §5.1: no check for the silence timeout).
    var consentFresh: Bool
}

/// Maps a sample to good, fair or poor (docs/signalling.md, `connectionQuality`).
///
/// Poor: consent lost, loss ≥ 10 %, RTT ≥ 500 ms, or the estimate below half of the need.
/// Fair: loss ≥ 2 %, RTT ≥ 250 ms, or the estimate below 90 % of the need. Good otherwise.
/// The loss figures follow the usual WebRTC rule of thumb (audio and video degrade visibly
/// past a few percent; Opus FEC and NACK repair about 2 %).
enum ConnectionQualityClassifier {
    static func classify(_ sample: ConnectionQualitySample) -> ConnectionQuality {
        guard sample.consentFresh else { return .poor }
        let loss = sample.lossFraction ?? 0
        let rtt = sample.roundTripTime ?? 0
        let ratio = sample.estimateToNeedRatio ?? 1
        if loss >= 0.10 || rtt >= 0.5 || ratio < 0.5 { return .poor }
        if loss >= 0.02 || rtt >= 0.25 || ratio < 0.9 { return .fair }
        return .good
    }
}
