import BeepRTP
import BeepWire

/// Forwards one simulcast VP8 producer to one subscriber as a single continuous stream, sans-IO.
///
/// The publisher sends up to three spatial encodings, each its own RTP stream (own SSRC,
/// sequence numbers, timestamps, PictureIDs; RFC 8853 §5.2), each possibly with VP8 temporal
/// layers (TID, RFC 7741 §4.2). The forwarder passes one of them on, rewritten into the
/// consumer's single stream:
///
/// - **Spatial switch** only at a key frame of the target encoding (RFC 7741 §4.3): until one
///   arrives the current encoding keeps flowing; ``keyFrameNeeded`` names the encoding to ask a
///   key frame of (PLI, RFC 4585 §6.3.1).
/// - **Temporal layers**: only frames with TID ≤ the current temporal layer go through; the
///   layer drops at a frame start, rises at a frame start with the layer sync bit (Y) set.
///   While a switch down waits for the lower encoding's key frame, the current encoding is cut
///   to its base layer (TID 0), so that the path the switch relieves is relieved at once — or,
///   when the caller says even that base layer no longer fits (``setTarget(_:droppingCurrent:)``),
///   nothing of it goes through: a bottleneck queue still full of it would hold the lower key
///   frame back behind it (300 ms on a 300 kbit/s test path) or drop its tail. If such a switch
///   down is called off, the current encoding restarts at its next key frame.
/// - **Continuity** (RFC 3550 §5.1 and RFC 7667 §3.7 for a translator switching sources):
///   sequence numbers have no holes — neither at a switch nor where frames were dropped;
///   the timestamp continues from the last one sent plus the elapsed wall time; PictureIDs
///   continue (+1 per forwarded frame, keeping the 7/15-bit width) and TL0PICIDX continues
///   (+1 at the switch), so the decoder's reference tracking sees a plain stream.
public struct SimulcastForwarder: Sendable {
    /// The SSRC the subscriber sees.
    public let ssrc: UInt32
    /// The payload type negotiated with the subscriber.
    public let payloadType: UInt8
    /// The RTP clock rate (90 000 for VP8).
    public let clockRate: UInt32
    /// The layer the allocator wants; nil pauses forwarding.
    public private(set) var target: SimulcastLayer?
    /// The spatial encoding forwarded now, nil before the first key frame.
    public private(set) var currentSpatial: Int?
    /// The highest TID forwarded now.
    public private(set) var currentTemporal = 0
    /// Spatial switches made (the first start included).
    public private(set) var spatialSwitches = 0
    /// Packets dropped as above the temporal layer.
    public private(set) var temporalDrops: UInt64 = 0

    private var sequence = SkippingCounterMapper(bits: 16)
    private var pictureID = SkippingCounterMapper(bits: 15)
    private var timestampOffset: UInt32 = 0
    private var lastTimestamp: UInt32?
    private var lastSentAt: MonotonicTime?
    private var tl0Offset: UInt8 = 0
    private var lastTL0: UInt8?
    private var resyncTimestamp = true
    private var resyncTL0 = true
    private var dropsCurrentUntilSwitch = false

    /// A forwarder writing `ssrc` and `payloadType` into every packet; it starts paused.
    public init(ssrc: UInt32, payloadType: UInt8, clockRate: UInt32 = 90_000) {
        self.ssrc = ssrc
        self.payloadType = payloadType & 0x7F
        self.clockRate = clockRate
    }

    /// Sets the layer to forward (nil to pause). A new spatial encoding takes effect at its
    /// next key frame, a temporal change at the next frame boundary. `droppingCurrent`: while a
    /// switch down waits for the lower key frame, forward nothing of the current encoding
    /// (instead of its base layer).
    public mutating func setTarget(_ layer: SimulcastLayer?, droppingCurrent: Bool = false) {
        target = layer
        dropsCurrentUntilSwitch = droppingCurrent
        // Paused, or back to an encoding whose frames were dropped while a switch down waited:
        // it needs a key frame again.
        if layer == nil || (layer?.spatial == currentSpatial && currentTemporal < 0) { currentSpatial = nil }
    }

    /// The spatial encoding whose key frame the forwarder waits for, nil when none.
    public var keyFrameNeeded: Int? {
        guard let target, target.spatial != currentSpatial else { return nil }
        return target.spatial
    }

    /// The layer actually forwarded now (nil while paused or waiting for the first key frame).
    public var currentLayer: SimulcastLayer? {
        currentSpatial.map { SimulcastLayer(spatial: $0, temporal: max(currentTemporal, 0)) }
    }

    /// Handles one packet of the producer's encoding `spatialLayer`: returns the rewritten
    /// copy to send, or nil when it is not forwarded. Malformed packets are dropped.
    public mutating func forward(_ packet: [UInt8], spatialLayer: Int, now: MonotonicTime) -> [UInt8]? {
        guard let target, let view = try? RTPHeaderView(parsing: packet),
              packet.count >= view.payloadRange.upperBound else { return nil }
        let payload = packet[view.payloadRange]
        let descriptor = try? VP8PayloadDescriptor.parse(payload).descriptor
        if spatialLayer == target.spatial, spatialLayer != currentSpatial {
            guard VP8PayloadHeader.isKeyFrame(rtpPayload: payload) else { return nil }
            startSegment(spatial: spatialLayer, temporal: target.temporal)
        }
        guard spatialLayer == currentSpatial else { return nil }

        let tid = Int(descriptor?.temporalLayerIndex ?? 0)
        let picture = descriptor?.pictureID?.value
        if descriptor?.isStartOfFrame == true {
            // Waiting for a lower encoding's key frame (a switch down, usually congestion):
            // the current encoding drops to its base temporal layer meanwhile, or entirely
            // (-1: below every TID) when even that does not fit.
            let ceiling = target.spatial < spatialLayer ? (dropsCurrentUntilSwitch ? -1 : 0) : target.temporal
            if ceiling < currentTemporal { currentTemporal = ceiling }
            if tid > currentTemporal, tid <= ceiling, descriptor?.layerSync == true { currentTemporal = tid }
        }
        guard tid <= currentTemporal else {
            sequence.drop(UInt32(view.sequenceNumber))
            if let picture { pictureID.drop(UInt32(picture)) }
            temporalDrops &+= 1
            return nil
        }
        guard let outSequence = sequence.map(UInt32(view.sequenceNumber)) else { return nil }
        let outTimestamp = mapTimestamp(view.timestamp, now: now)
        var copy = packet
        let rewrite = RTPHeaderRewrite(ssrc: ssrc, sequenceNumber: UInt16(truncatingIfNeeded: outSequence),
                                       timestamp: outTimestamp, payloadType: payloadType)
        guard (try? rewrite.apply(to: &copy)) != nil else { return nil }
        if let descriptor, descriptor.pictureID != nil || descriptor.tl0PicIdx != nil {
            var outPicture: UInt16?
            if let picture, let mapped = pictureID.map(UInt32(picture)) { outPicture = UInt16(truncatingIfNeeded: mapped) }
            var outTL0: UInt8?
            if let tl0 = descriptor.tl0PicIdx { outTL0 = mapTL0(tl0) }
            try? VP8PayloadDescriptor.rewrite(in: &copy[view.payloadRange], pictureID: outPicture, tl0PicIdx: outTL0)
        }
        return copy
    }

    /// Starts forwarding encoding `spatial` from its key frame: every counter continues from
    /// the last value sent.
    private mutating func startSegment(spatial: Int, temporal: Int) {
        currentSpatial = spatial
        currentTemporal = temporal
        spatialSwitches += 1
        sequence.resync()
        pictureID.resync()
        resyncTimestamp = true
        resyncTL0 = true
    }

    private mutating func mapTimestamp(_ timestamp: UInt32, now: MonotonicTime) -> UInt32 {
        if resyncTimestamp {
            resyncTimestamp = false
            var start = timestamp
            if let lastTimestamp, let lastSentAt {
                start = lastTimestamp &+ Self.ticks(from: lastSentAt, to: now, clockRate: clockRate)
            }
            timestampOffset = start &- timestamp
        }
        let output = timestamp &+ timestampOffset
        if lastTimestamp.map({ SequenceArithmetic.isNewer(output, than: $0) }) ?? true {
            lastTimestamp = output
            lastSentAt = now
        }
        return output
    }

    private mutating func mapTL0(_ value: UInt8) -> UInt8 {
        if resyncTL0 {
            resyncTL0 = false
            tl0Offset = lastTL0.map { $0 &+ 1 &- value } ?? 0
        }
        let output = value &+ tl0Offset
        if lastTL0.map({ Int8(bitPattern: output &- $0) > 0 }) ?? true { lastTL0 = output }
        return output
    }

    /// At least one tick, so a restarted stream's timestamp moves forward (RFC 3550 §5.1).
    private static func ticks(from start: MonotonicTime, to end: MonotonicTime, clockRate: UInt32) -> UInt32 {
        let elapsed = max(0, end.nanoseconds &- start.nanoseconds)
        let (product, overflow) = elapsed.multipliedReportingOverflow(by: Int64(clockRate))
        let ticks = overflow ? Int64(UInt32.max) : product / 1_000_000_000
        return UInt32(clamping: max(1, ticks))
    }
}
