import BeepRTP
import BeepWire

/// Where a simulcast encoding's packets go: its producer and spatial index.
struct SimulcastSource: Sendable, Hashable {
    let producer: ProducerID
    let spatial: Int
}

/// The router's state for one simulcast producer: up to three encodings (RFC 8853 §5.2), each
/// with its own packet cache, key frame throttle and counters.
struct SimulcastProducerState: Sendable {
    let id: ProducerID
    let owner: ParticipantID
    /// Payload type, clock rate and extension map shared by the encodings (`ssrc` unused).
    var parameters: ProducerParameters
    /// The `a=mid` of the track, matched with the mid header extension when learning SSRCs.
    var mid: String?
    var table: SimulcastLayerTable
    var caches: [PacketCache]
    var throttles: [KeyFrameRequestThrottle]
    var keyFrames: [UInt64]
    var packetsReceived: [UInt64]
    var bytesReceived: [UInt64]
    var plisSent: UInt64 = 0
    var consumers: [ConsumerID] = []
    var meter: SimulcastBitrateMeter

    init(id: ProducerID, owner: ParticipantID, parameters: ProducerParameters, mid: String?,
         table: SimulcastLayerTable, cacheCapacity: Int) {
        self.id = id
        self.owner = owner
        self.parameters = parameters
        self.mid = mid
        self.table = table
        let count = table.encodings.count
        caches = Array(repeating: PacketCache(capacity: cacheCapacity), count: count)
        throttles = Array(repeating: KeyFrameRequestThrottle(), count: count)
        keyFrames = Array(repeating: 0, count: count)
        packetsReceived = Array(repeating: 0, count: count)
        bytesReceived = Array(repeating: 0, count: count)
        meter = SimulcastBitrateMeter(encodings: count)
    }
}

/// What one forwarded packet became, kept so a NACK for the consumer's sequence number can be
/// answered from the encoding's cache with identical header values.
struct SimulcastSentSlot: Sendable, Hashable {
    var outputSequence: UInt16
    var spatial: Int
    var inputSequence: UInt16
    var timestamp: UInt32
    var pictureID: UInt16?
    var tl0PicIdx: UInt8?
}

/// The router's state for one subscriber's copy of a simulcast producer.
struct SimulcastConsumerState: Sendable {
    let id: ConsumerID
    let subscriber: ParticipantID
    let producerID: ProducerID
    var parameters: ConsumerParameters
    var remap: ExtensionIDRemap
    var forwarder: SimulcastForwarder
    var sent: [SimulcastSentSlot?] = Array(repeating: nil, count: 1024)
    var packetsSent: UInt64 = 0
    var bytesSent: UInt64 = 0
    var retransmittedPackets: UInt64 = 0
    var nackMisses: UInt64 = 0
    var staleNACKs: UInt64 = 0
    /// Sequence numbers the subscriber NACKed, and its PLIs and FIRs (key frame requests).
    var nackedPackets: UInt64 = 0
    var keyFrameRequests: UInt64 = 0

    mutating func remember(_ slot: SimulcastSentSlot) {
        let index = Int(slot.outputSequence) & (sent.count - 1)
        guard sent.indices.contains(index) else { return }
        sent[index] = slot
    }

    func slot(for outputSequence: UInt16) -> SimulcastSentSlot? {
        let index = Int(outputSequence) & (sent.count - 1)
        guard sent.indices.contains(index), let slot = sent[index], slot.outputSequence == outputSequence else {
            return nil
        }
        return slot
    }
}

/// All simulcast state of a router, kept apart from the single-stream producers and consumers.
struct SimulcastRouting: Sendable {
    var producers: [ProducerID: SimulcastProducerState] = [:]
    var consumers: [ConsumerID: SimulcastConsumerState] = [:]
    var sourceBySSRC: [ScopedSSRC: SimulcastSource] = [:]
    var consumerBySSRC: [ScopedSSRC: ConsumerID] = [:]

    /// The earliest deferred key frame request among the encodings.
    var nextDeadline: MonotonicTime? {
        var earliest: MonotonicTime?
        for producer in producers.values {
            for throttle in producer.throttles {
                if let deadline = throttle.deadline, earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
            }
        }
        return earliest
    }
}
