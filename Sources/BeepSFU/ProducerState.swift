import BeepWire

/// The router's state for one published track; owned by ``SFURouter``, reached by id.
struct ProducerState: Sendable {
    let id: ProducerID
    let owner: ParticipantID
    var parameters: ProducerParameters
    /// Muted by the control layer: nothing is forwarded to any consumer.
    var paused = false
    /// Consumers in creation order (fan-out order is deterministic).
    var consumers: [ConsumerID] = []
    var cache: PacketCache
    var receive = StreamReceiveStatistics()
    var nacks = NACKGenerator()
    var keyFrameThrottle = KeyFrameRequestThrottle()
    var nackedPackets: UInt64 = 0
    var plisSent: UInt64 = 0
    var keyFrames: UInt64 = 0

    init(id: ProducerID, owner: ParticipantID, parameters: ProducerParameters, cacheCapacity: Int) {
        self.id = id
        self.owner = owner
        self.parameters = parameters
        self.cache = PacketCache(capacity: cacheCapacity)
    }

    /// True when key frames can be recognised, so consumers wait for one after (re)starting.
    var needsKeyFrames: Bool { parameters.kind == .video && parameters.codec == .vp8 }
}
