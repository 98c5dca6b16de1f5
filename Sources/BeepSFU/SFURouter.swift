import BeepWire

/// The SFU core for one room, sans-IO (after mediasoup's Router → Producer → Consumer model):
/// participants publish tracks (producers) and receive copies of other tracks (consumers).
///
/// Inputs are values with the current time: RTP and RTCP from a participant's peer session
/// (already decrypted), timer expiries, and control calls from signalling. Outputs are polled
/// with ``pollOutput()``: plaintext RTP/RTCP addressed to a participant, and events. The
/// router knows RTP/RTCP and routing only; the server wires each participant's peer session
/// (ICE, DTLS, SRTP) to it. It is a value with one owner (the worker task of its room): no
/// locks, no back-pointers; objects refer to each other by id.
public struct SFURouter: Sendable {
    /// Router-wide settings.
    public struct Configuration: Sendable, Hashable {
        /// The SSRC the router puts in the sender field of the feedback it originates
        /// (PLI, NACK; RFC 4585 §6.1).
        public var feedbackSSRC: UInt32
        /// Packets kept per producer for answering NACKs (rounded up to a power of two).
        public var packetCacheCapacity: Int
        /// Translate publishers' sender reports for each consumer (RFC 3550 §7.2), so that
        /// subscribers can synchronise a publisher's audio and video. Turn it off when the
        /// peer session layer generates its own SRs for the consumer SSRCs: a subscriber must
        /// not get two SR sources for one SSRC.
        public var translateSenderReports: Bool
        /// Spare capacity each forwarded copy is allocated with, past the packet: room for what
        /// the transport adds on the way out (a transport-wide sequence element, the SRTP tag,
        /// libsrtp's `SRTP_MAX_TRAILER_LEN` of 144 bytes), so the copy is numbered and protected
        /// in place instead of being copied again.
        public var forwardingHeadroom: Int

        /// Settings with the given values.
        public init(feedbackSSRC: UInt32 = 1, packetCacheCapacity: Int = 1024, translateSenderReports: Bool = true,
                    forwardingHeadroom: Int = 160) {
            self.feedbackSSRC = feedbackSSRC
            self.packetCacheCapacity = packetCacheCapacity
            self.translateSenderReports = translateSenderReports
            self.forwardingHeadroom = max(0, forwardingHeadroom)
        }
    }

    let configuration: Configuration
    var participants: [ParticipantID: ParticipantState] = [:]
    var producers: [ProducerID: ProducerState] = [:]
    var consumers: [ConsumerID: ConsumerState] = [:]
    var producerBySSRC: [ScopedSSRC: ProducerID] = [:]
    var consumerBySSRC: [ScopedSSRC: ConsumerID] = [:]
    var speakers = ActiveSpeakerDetector()
    /// Simulcast producers and consumers (SFURouter+Simulcast*.swift).
    var simulcast = SimulcastRouting()
    var nextID: UInt64 = 1
    var outputs = PollQueue<SFUOutput>()
    var malformedPackets: UInt64 = 0
    var unknownSSRCPackets: UInt64 = 0
    var unknownParticipantPackets: UInt64 = 0
    var unexpectedPayloadTypePackets: UInt64 = 0

    /// An empty router.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The next output to carry out, oldest first, or nil when there is none.
    /// The queue lets go of the output, so the caller holds the only reference to its packet
    /// and can number and protect it in place.
    public mutating func pollOutput() -> SFUOutput? { outputs.poll() }

    /// When ``handleTimeout(now:)`` should next be called (NACK retries, deferred PLIs, speaker
    /// windows), or nil when nothing is scheduled.
    public func pollTimeout() -> MonotonicTime? {
        var earliest = MonotonicTime.earliest(speakers.nextEvaluation, simulcast.nextDeadline)
        for producer in producers.values {
            earliest = .earliest(earliest, .earliest(producer.nacks.nextDeadline, producer.keyFrameThrottle.deadline))
        }
        return earliest
    }

    /// The current dominant speaker, if any.
    public var activeSpeaker: ParticipantID? { speakers.current }

    /// The producers a participant publishes, in creation order (empty for an unknown id).
    public func producers(of participant: ParticipantID) -> [ProducerID] {
        participants[participant]?.producers ?? []
    }

    /// The consumers a participant receives, in creation order (empty for an unknown id).
    public func consumers(of participant: ParticipantID) -> [ConsumerID] {
        participants[participant]?.consumers ?? []
    }

    /// The parameters a producer was published (or last replaced) with.
    public func parameters(of producer: ProducerID) -> ProducerParameters? { producers[producer]?.parameters }

    /// The producer a consumer copies.
    public func producer(of consumer: ConsumerID) -> ProducerID? { consumers[consumer]?.producerID }

    mutating func emit(_ output: SFUOutput) { outputs.append(output) }

    /// A consumer's own copy of a producer packet, with `headroom` bytes of spare capacity
    /// (``Configuration/forwardingHeadroom``).
    static func forwardingCopy(of packet: [UInt8], headroom: Int) -> [UInt8] {
        var copy: [UInt8] = []
        copy.reserveCapacity(packet.count &+ max(0, headroom))
        copy.append(contentsOf: packet)
        return copy
    }

    mutating func makeID() -> UInt64 {
        defer { nextID &+= 1 }
        return nextID
    }
}
