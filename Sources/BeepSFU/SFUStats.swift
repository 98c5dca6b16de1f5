/// A snapshot of a router's counters, for the admin API and `beep-stats` (shared Codable
/// types). Taken with ``SFURouter/stats()``; all counts are totals since creation.
public struct SFUStats: Sendable, Hashable, Codable {
    /// Per participant, sorted by id.
    public var participants: [ParticipantStats]
    /// RTP or RTCP datagrams that did not parse.
    public var malformedPackets: UInt64
    /// RTP packets whose SSRC matches no producer of the sender, and RTCP feedback naming an
    /// SSRC the router does not know.
    public var unknownSSRCPackets: UInt64
    /// Packets from participants the router does not know.
    public var unknownParticipantPackets: UInt64
    /// RTP packets of a known SSRC with another payload type than published (RTX, FEC...).
    public var unexpectedPayloadTypePackets: UInt64
    /// The current dominant speaker, if any.
    public var activeSpeaker: ParticipantID?

    /// A snapshot with the given values.
    public init(participants: [ParticipantStats], malformedPackets: UInt64, unknownSSRCPackets: UInt64,
                unknownParticipantPackets: UInt64, unexpectedPayloadTypePackets: UInt64,
                activeSpeaker: ParticipantID?) {
        self.participants = participants
        self.malformedPackets = malformedPackets
        self.unknownSSRCPackets = unknownSSRCPackets
        self.unknownParticipantPackets = unknownParticipantPackets
        self.unexpectedPayloadTypePackets = unexpectedPayloadTypePackets
        self.activeSpeaker = activeSpeaker
    }
}

/// One participant's totals, and its tracks.
public struct ParticipantStats: Sendable, Hashable, Codable {
    /// The participant.
    public var id: ParticipantID
    /// RTP packets received from it.
    public var packetsIn: UInt64
    /// RTP bytes received from it.
    public var bytesIn: UInt64
    /// RTP packets sent to it (retransmissions included).
    public var packetsOut: UInt64
    /// RTP bytes sent to it.
    public var bytesOut: UInt64
    /// Smoothed audio loudness (127 - dBov, RFC 6464), nil when it sent no levels.
    public var audioScore: Double?
    /// Round-trip time in seconds on its transport, from the receiver reports it sends about our
    /// sender reports (RFC 3550 §6.4.1); nil until measured (filled in by the server).
    public var roundTripTime: Double?
    /// Its published tracks, by id.
    public var producers: [ProducerStats]
    /// Its received tracks, by id.
    public var consumers: [ConsumerStats]

    /// Stats with the given values.
    public init(id: ParticipantID, packetsIn: UInt64, bytesIn: UInt64, packetsOut: UInt64, bytesOut: UInt64,
                audioScore: Double?, roundTripTime: Double? = nil, producers: [ProducerStats],
                consumers: [ConsumerStats]) {
        self.id = id
        self.packetsIn = packetsIn
        self.bytesIn = bytesIn
        self.packetsOut = packetsOut
        self.bytesOut = bytesOut
        self.audioScore = audioScore
        self.roundTripTime = roundTripTime
        self.producers = producers
        self.consumers = consumers
    }
}

/// One published track's receive-side counters.
public struct ProducerStats: Sendable, Hashable, Codable {
    /// The producer.
    public var id: ProducerID
    /// Audio or video.
    public var kind: MediaKind
    /// The publisher's SSRC.
    public var ssrc: UInt32
    /// Muted by the control layer.
    public var paused: Bool
    /// RTP packets received (retransmissions and duplicates included).
    public var packetsReceived: UInt64
    /// RTP bytes received.
    public var bytesReceived: UInt64
    /// Expected minus received (RFC 3550 §A.3), from sequence gaps.
    public var packetsLost: UInt64
    /// Interarrival jitter in timestamp units (RFC 3550 §A.8).
    public var jitter: UInt32
    /// Sequence numbers requested from the publisher by Generic NACK (RFC 4585 §6.2.1).
    public var nackedPackets: UInt64
    /// PLIs sent to the publisher (RFC 4585 §6.3.1), after throttling.
    public var plisSent: UInt64
    /// Key frames received (VP8 only).
    public var keyFrames: UInt64
    /// Number of consumers.
    public var consumerCount: Int

    /// Stats with the given values.
    public init(id: ProducerID, kind: MediaKind, ssrc: UInt32, paused: Bool, packetsReceived: UInt64,
                bytesReceived: UInt64, packetsLost: UInt64, jitter: UInt32, nackedPackets: UInt64,
                plisSent: UInt64, keyFrames: UInt64, consumerCount: Int) {
        self.id = id
        self.kind = kind
        self.ssrc = ssrc
        self.paused = paused
        self.packetsReceived = packetsReceived
        self.bytesReceived = bytesReceived
        self.packetsLost = packetsLost
        self.jitter = jitter
        self.nackedPackets = nackedPackets
        self.plisSent = plisSent
        self.keyFrames = keyFrames
        self.consumerCount = consumerCount
    }
}

/// One received track's send-side counters and the subscriber's feedback.
public struct ConsumerStats: Sendable, Hashable, Codable {
    /// The consumer.
    public var id: ConsumerID
    /// The producer it copies.
    public var producerID: ProducerID
    /// Audio or video.
    public var kind: MediaKind
    /// The SSRC the subscriber sees.
    public var ssrc: UInt32
    /// Paused by the subscriber (a muted producer shows in ``ProducerStats/paused``).
    public var paused: Bool
    /// Waiting for a key frame before forwarding (video).
    public var waitingForKeyFrame: Bool
    /// RTP packets sent (retransmissions included).
    public var packetsSent: UInt64
    /// RTP bytes sent.
    public var bytesSent: UInt64
    /// Packets resent from the cache in answer to NACKs.
    public var retransmittedPackets: UInt64
    /// Generic NACK messages received from the subscriber (RFC 4585 §6.2.1).
    public var nacksReceived: UInt64
    /// Sequence numbers NACKed that the cache could not answer.
    public var nackMisses: UInt64
    /// PLIs received from the subscriber (RFC 4585 §6.3.1).
    public var plisReceived: UInt64
    /// FIRs received from the subscriber (RFC 5104 §4.3.1).
    public var firsReceived: UInt64
    /// Fraction lost from the subscriber's last receiver report block, 0-255 (RFC 3550 §6.4.1).
    public var remoteFractionLost: UInt8?
    /// Jitter from the subscriber's last receiver report block, in timestamp units.
    public var remoteJitter: UInt32?
    /// Round-trip time in seconds on the subscriber's transport. The router sends no SRs of its
    /// own, so it cannot match LSR/DLSR (RFC 3550 §6.4.1): the server fills this in from the
    /// peer session (``SFUStats/withRoundTripTimes(_:)``); nil until measured.
    public var roundTripTime: Double?

    /// Stats with the given values.
    public init(id: ConsumerID, producerID: ProducerID, kind: MediaKind, ssrc: UInt32, paused: Bool,
                waitingForKeyFrame: Bool, packetsSent: UInt64, bytesSent: UInt64, retransmittedPackets: UInt64,
                nacksReceived: UInt64, nackMisses: UInt64, plisReceived: UInt64, firsReceived: UInt64,
                remoteFractionLost: UInt8?, remoteJitter: UInt32?, roundTripTime: Double?) {
        self.id = id
        self.producerID = producerID
        self.kind = kind
        self.ssrc = ssrc
        self.paused = paused
        self.waitingForKeyFrame = waitingForKeyFrame
        self.packetsSent = packetsSent
        self.bytesSent = bytesSent
        self.retransmittedPackets = retransmittedPackets
        self.nacksReceived = nacksReceived
        self.nackMisses = nackMisses
        self.plisReceived = plisReceived
        self.firsReceived = firsReceived
        self.remoteFractionLost = remoteFractionLost
        self.remoteJitter = remoteJitter
        self.roundTripTime = roundTripTime
    }
}

extension SFUStats {
    /// These stats with each participant's transport round-trip time, and the same time on each
    /// of its consumers (they share the transport). `roundTripTime(id)` is nil when unmeasured.
    public func withRoundTripTimes(_ roundTripTime: (ParticipantID) -> Double?) -> SFUStats {
        var copy = self
        for index in copy.participants.indices {
            let rtt = roundTripTime(copy.participants[index].id)
            copy.participants[index].roundTripTime = rtt
            for consumer in copy.participants[index].consumers.indices {
                copy.participants[index].consumers[consumer].roundTripTime = rtt
            }
        }
        return copy
    }
}
