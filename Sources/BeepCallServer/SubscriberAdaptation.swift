import BeepBWE
import BeepCalls
import BeepSFU
import BeepWire

/// One subscriber's adaptive-video state in a ``RoomWorker``: its send-side bandwidth estimate,
/// the layer controller over its consumers, the transport-wide sequence numbering of what Beep
/// sends it, the probe in progress and the operator's limits (docs/bandwidth-estimation.md
/// "Wiring in the call server").
struct SubscriberAdaptation {
    /// The estimator fed by the subscriber's transport-cc feedback (REMB, RR loss as fallback).
    /// It starts at ``startBitrate``.
    var estimator = SendSideBandwidthEstimator(configuration: Self.estimatorConfiguration)
    /// The estimator's parameters: starting at ``startBitrate``; probe clusters of at least
    /// 60 ms and 20 padding packets (the defaults, 15 ms and 5 packets, are a few hundred
    /// bytes of 275-byte padding here: a millisecond of scheduling jitter at either end of a
    /// loaded host then reads as a saturated path, and after a capacity rise every probe
    /// fails while the estimate may not exceed 1.5 × the low layer it carries).
    static var estimatorConfiguration: BandwidthEstimatorConfiguration {
        var configuration = BandwidthEstimatorConfiguration(startBitrate: Self.startBitrate)
        configuration.probeDuration = .milliseconds(60)
        configuration.probeMinimumPackets = 20
        return configuration
    }
    /// Where a subscriber's estimate starts: enough for the lowest layer of five cameras plus
    /// their audio, so a new subscriber of a small call pauses no video while its first
    /// feedback arrives (the estimator's own default, 300 kbit/s, holds one camera and a half).
    static let startBitrate: Int64 = 1_000_000
    /// Allocator plus per-consumer switch policies; a layer left under congestion is not
    /// retried for 8 s (its switch key frame is what overflowed the path).
    /// Temporal layers fine-tune only the lowest encoding (a narrow path gets the small
    /// picture at full frame rate).
    var controller = SubscriberLayerController(
        allocator: LayerAllocator(fullFrameRateAboveBase: true),
        policyConfiguration: LayerSwitchPolicy.Configuration(reupgradeBackoff: .seconds(8)))
    /// The send-side pacer of everything Beep sends the subscriber's transport (RTP), paced at
    /// a multiple of the estimate (docs/bandwidth-estimation.md "Pacer").
    var pacer = PacketPacer<[UInt8]>(targetBitrate: Self.startBitrate)
    /// Whether the pacer let only audio go at its last release (the estimator held media back
    /// after an overload), so the next deadline is its audio's.
    var holdsMedia = false
    /// The SSRCs of the subscriber's audio consumers (paced first), refreshed at each allocation.
    var audioSSRCs: Set<UInt32> = []
    /// The next transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).
    var nextTransportSequence: UInt16 = 0
    /// The probe being paced, if any.
    var probe: ProbePaddingPacer?
    /// The next RTX sequence number for probe padding.
    var nextProbeSequence = UInt16.random(in: 0...UInt16.max)
    /// The operator's limits for this subscriber.
    var limits = SubscriberLimits()
    /// The highest spatial layer the subscriber asked for per remote track (signalling
    /// `maxLayer`); absent: no request.
    var requestedLayers: [RequestedLayerKey: Int] = [:]
    /// The last decision's allocated bitrate (media already flowing during a probe).
    var allocatedBitrate: Int64 = 0
    /// The last decision's demand.
    var desiredBitrate: Int64 = 0
    /// Probe clusters sent, and how many reached their target.
    var probesSent: UInt64 = 0
    var probesSucceeded: UInt64 = 0
    /// The last layer changes applied, with their estimates.
    var decisions = LayerDecisionLog()

    /// Records the subscriber's `maxLayer` for `publisher`'s track of `kind` (nil lifts it).
    mutating func request(_ layer: SimulcastLayerName?, publisher: BeepCalls.ParticipantID, kind: TrackKind) {
        requestedLayers[RequestedLayerKey(publisher: publisher, kind: kind)] = layer?.spatialIndex
    }

    /// The highest layer the subscriber asked for of that track (any temporal layer), for
    /// ``LayerAllocationRequest/requestedMax``; nil when it did not ask.
    func requestedMax(publisher: BeepCalls.ParticipantID, kind: TrackKind) -> SimulcastLayer? {
        requestedLayers[RequestedLayerKey(publisher: publisher, kind: kind)].map { SimulcastLayer(spatial: $0, temporal: 15) }
    }
}

/// An operator's (or a test's) limits on what one subscriber receives
/// (`POST /admin/subscribers/limits`).
public struct SubscriberLimits: Sendable, Hashable, Codable {
    /// The most Beep sends the subscriber, bits per second, whatever the estimate; nil: no cap.
    public var maxBitrate: Int64?
    /// The highest spatial layer (0 = lowest encoding) of any simulcast video; nil: no cap.
    public var maxSpatialLayer: Int?

    /// Limits with the given values (none by default).
    public init(maxBitrate: Int64? = nil, maxSpatialLayer: Int? = nil) {
        self.maxBitrate = maxBitrate
        self.maxSpatialLayer = maxSpatialLayer
    }
}

/// A remote track a subscriber's `maxLayer` names: its publisher and kind.
struct RequestedLayerKey: Hashable {
    /// The publishing participant.
    var publisher: BeepCalls.ParticipantID
    /// `video` or `screen`.
    var kind: TrackKind
}
