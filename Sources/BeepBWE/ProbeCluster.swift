import BeepWire

/// A burst the sender should send to test a higher rate: for ``duration(packetSize:)`` the
/// transport carries ``targetBitrate`` in total. Every packet sent in that window (media as
/// well as the padding or RTX packets added to reach the rate) is recorded with
/// ``SentPacket/probeClusterID`` set to ``id``, so that feedback about them measures the
/// rate the path delivered (draft-ietf-rmcat-gcc-02 §5.5 leaves probing to the
/// implementation; this follows the widely deployed scheme of paced padding bursts).
public struct ProbeCluster: Sendable, Hashable {
    /// Identifies the cluster in ``SentPacket/probeClusterID`` and ``ProbeResult/clusterID``.
    public var id: Int
    /// The rate to send the burst at.
    public var targetBitrate: BitsPerSecond
    /// How long the burst lasts.
    public var duration: Duration
    /// The fewest packets the burst should contain.
    public var minimumPackets: Int
    /// When the cluster was created.
    public var createdAt: MonotonicTime

    /// A cluster with the given values.
    public init(id: Int, targetBitrate: BitsPerSecond, duration: Duration, minimumPackets: Int,
                createdAt: MonotonicTime) {
        self.id = id
        self.targetBitrate = targetBitrate
        self.duration = duration
        self.minimumPackets = minimumPackets
        self.createdAt = createdAt
    }

    /// How long the burst lasts with packets of `packetSize` bytes: ``duration``, or longer
    /// when needed to fit ``minimumPackets`` packets at the target rate.
    public func duration(packetSize: Int) -> Duration {
        guard targetBitrate > 0 else { return duration }
        let bits = Double(max(0, minimumPackets)) * Double(max(0, packetSize)) * 8
        let needed = Duration.nanoseconds(Int64(saturating: bits * 1e9 / Double(targetBitrate)))
        return max(duration, needed)
    }

    /// Bytes to send in total during the burst (media included): the target rate over
    /// ``duration(packetSize:)``.
    public func totalBytes(packetSize: Int) -> Int {
        Int(clamping: BitsPerSecond(saturating: Double(targetBitrate) * duration(packetSize: packetSize).milliseconds / 8000))
    }

    /// Bytes of padding (or RTX) to add to media sent at `mediaBitrate` so that the burst
    /// reaches the target rate.
    public func paddingBytes(mediaBitrate: BitsPerSecond, packetSize: Int) -> Int {
        let media = Double(max(0, mediaBitrate)) * duration(packetSize: packetSize).milliseconds / 8000
        return max(0, totalBytes(packetSize: packetSize) - Int(clamping: BitsPerSecond(saturating: media)))
    }
}

/// What a probe measured: the rate the path delivered the cluster at.
public struct ProbeResult: Sendable, Hashable {
    /// The cluster measured.
    public var clusterID: Int
    /// The rate the cluster was sent at.
    public var targetBitrate: BitsPerSecond
    /// The delivered rate: the lower of the send and receive rates, or 95 % of the receive
    /// rate when the path was saturated (received more slowly than 90 % of the send rate).
    public var measuredBitrate: BitsPerSecond
    /// True when the path delivered at least 90 % of the target rate.
    public var reachedTarget: Bool

    /// A result with the given values.
    public init(clusterID: Int, targetBitrate: BitsPerSecond, measuredBitrate: BitsPerSecond, reachedTarget: Bool) {
        self.clusterID = clusterID
        self.targetBitrate = targetBitrate
        self.measuredBitrate = measuredBitrate
        self.reachedTarget = reachedTarget
    }
}
