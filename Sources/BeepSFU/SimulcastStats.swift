/// Counters of one simulcast encoding, for the admin API.
public struct SimulcastEncodingStats: Sendable, Hashable, Codable {
    /// The encoding's rid (RFC 8851 §4).
    public var rid: String
    /// Its SSRC, 0 until learned from the first packet.
    public var ssrc: UInt32
    /// RTP packets received.
    public var packetsReceived: UInt64
    /// RTP bytes received.
    public var bytesReceived: UInt64
    /// Key frames received.
    public var keyFrames: UInt64

    /// Stats with the given values.
    public init(rid: String, ssrc: UInt32, packetsReceived: UInt64, bytesReceived: UInt64, keyFrames: UInt64) {
        self.rid = rid
        self.ssrc = ssrc
        self.packetsReceived = packetsReceived
        self.bytesReceived = bytesReceived
        self.keyFrames = keyFrames
    }
}

/// A simulcast producer's counters.
public struct SimulcastProducerStats: Sendable, Hashable, Codable {
    /// The producer.
    public var id: ProducerID
    /// Its publisher.
    public var owner: ParticipantID
    /// Per encoding, lowest first.
    public var encodings: [SimulcastEncodingStats]
    /// PLIs sent to the publisher for its encodings.
    public var plisSent: UInt64

    /// Stats with the given values.
    public init(id: ProducerID, owner: ParticipantID, encodings: [SimulcastEncodingStats], plisSent: UInt64) {
        self.id = id
        self.owner = owner
        self.encodings = encodings
        self.plisSent = plisSent
    }
}

/// A simulcast consumer's counters and layers.
public struct SimulcastConsumerStats: Sendable, Hashable, Codable {
    /// The consumer.
    public var id: ConsumerID
    /// The producer it copies.
    public var producerID: ProducerID
    /// The subscriber.
    public var subscriber: ParticipantID
    /// The SSRC the subscriber sees.
    public var ssrc: UInt32
    /// The layer asked for (nil: paused).
    public var targetLayer: SimulcastLayer?
    /// The layer forwarded now (nil: paused or waiting for a key frame).
    public var currentLayer: SimulcastLayer?
    /// RTP packets sent (retransmissions included).
    public var packetsSent: UInt64
    /// RTP bytes sent.
    public var bytesSent: UInt64
    /// Packets resent for NACKs.
    public var retransmittedPackets: UInt64
    /// NACKed packets no longer cached.
    public var nackMisses: UInt64
    /// NACKed packets of a higher encoding than the one forwarded now, not resent (the decoder
    /// restarted at the lower encoding's key frame).
    public var staleNACKs: UInt64
    /// Packets dropped as above the temporal layer.
    public var temporalDrops: UInt64
    /// Sequence numbers the subscriber NACKed.
    public var nackedPackets: UInt64
    /// PLIs and FIRs the subscriber sent.
    public var keyFrameRequests: UInt64
    /// Spatial switches (the first start included).
    public var spatialSwitches: Int

    /// Stats with the given values.
    public init(id: ConsumerID, producerID: ProducerID, subscriber: ParticipantID, ssrc: UInt32,
                targetLayer: SimulcastLayer?, currentLayer: SimulcastLayer?, packetsSent: UInt64, bytesSent: UInt64,
                retransmittedPackets: UInt64, nackMisses: UInt64, temporalDrops: UInt64, spatialSwitches: Int,
                staleNACKs: UInt64 = 0, nackedPackets: UInt64 = 0, keyFrameRequests: UInt64 = 0) {
        self.id = id
        self.producerID = producerID
        self.subscriber = subscriber
        self.ssrc = ssrc
        self.targetLayer = targetLayer
        self.currentLayer = currentLayer
        self.packetsSent = packetsSent
        self.bytesSent = bytesSent
        self.retransmittedPackets = retransmittedPackets
        self.nackMisses = nackMisses
        self.staleNACKs = staleNACKs
        self.nackedPackets = nackedPackets
        self.keyFrameRequests = keyFrameRequests
        self.temporalDrops = temporalDrops
        self.spatialSwitches = spatialSwitches
    }
}

extension SFURouter {
    /// Simulcast producers' counters, by id.
    public func simulcastProducerStats() -> [SimulcastProducerStats] {
        simulcast.producers.keys.sorted().compactMap { id in
            guard let producer = simulcast.producers[id] else { return nil }
            let encodings = producer.table.encodings.enumerated().map { index, encoding in
                SimulcastEncodingStats(rid: encoding.rid, ssrc: encoding.ssrc,
                                       packetsReceived: producer.packetsReceived[safe: index] ?? 0,
                                       bytesReceived: producer.bytesReceived[safe: index] ?? 0,
                                       keyFrames: producer.keyFrames[safe: index] ?? 0)
            }
            return SimulcastProducerStats(id: id, owner: producer.owner, encodings: encodings, plisSent: producer.plisSent)
        }
    }

    /// Simulcast consumers' counters and layers, by id.
    public func simulcastConsumerStats() -> [SimulcastConsumerStats] {
        simulcast.consumers.keys.sorted().compactMap { id in
            guard let consumer = simulcast.consumers[id] else { return nil }
            return SimulcastConsumerStats(
                id: id, producerID: consumer.producerID, subscriber: consumer.subscriber, ssrc: consumer.parameters.ssrc,
                targetLayer: consumer.forwarder.target, currentLayer: consumer.forwarder.currentLayer,
                packetsSent: consumer.packetsSent, bytesSent: consumer.bytesSent,
                retransmittedPackets: consumer.retransmittedPackets, nackMisses: consumer.nackMisses,
                temporalDrops: consumer.forwarder.temporalDrops, spatialSwitches: consumer.forwarder.spatialSwitches,
                staleNACKs: consumer.staleNACKs, nackedPackets: consumer.nackedPackets,
                keyFrameRequests: consumer.keyFrameRequests)
        }
    }
}
