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

/// The router's state for one subscriber's copy of one producer.
struct ConsumerState: Sendable {
    let id: ConsumerID
    let subscriber: ParticipantID
    let producerID: ProducerID
    let kind: MediaKind
    var parameters: ConsumerParameters
    var remap: ExtensionIDRemap
    var sequencer = ConsumerSequencer()
    /// Paused by the subscriber (or the control layer on its behalf).
    var paused: Bool
    /// Forwarding waits for the start of a key frame (video after a (re)start).
    var waitingForKeyFrame = false
    var packetsSent: UInt64 = 0
    var bytesSent: UInt64 = 0
    var retransmittedPackets: UInt64 = 0
    var nacksReceived: UInt64 = 0
    var nackMisses: UInt64 = 0
    var plisReceived: UInt64 = 0
    var firsReceived: UInt64 = 0
    var remoteFractionLost: UInt8?
    var remoteJitter: UInt32?
}

/// The router's state for one participant: its tracks and totals.
struct ParticipantState: Sendable {
    let id: ParticipantID
    var producers: [ProducerID] = []
    var consumers: [ConsumerID] = []
    var packetsIn: UInt64 = 0
    var bytesIn: UInt64 = 0
    var packetsOut: UInt64 = 0
    var bytesOut: UInt64 = 0
}

/// A participant-scoped SSRC: SSRCs are unique per peer session, not across the router.
struct ScopedSSRC: Hashable, Sendable {
    let participant: ParticipantID
    let ssrc: UInt32
}
