import BeepRTP
import BeepWire

/// The RTP hot path: publisher packet in, one rewritten copy per active consumer out.
extension SFURouter {
    /// Handles one decrypted RTP packet received from `participant`'s peer session.
    ///
    /// The header is parsed once into an ``RTPHeaderView``; each consumer's copy gets its SSRC,
    /// sequence number, timestamp and payload type rewritten in place (RFC 3550 §5.1, as a
    /// translator per RFC 7667 §3.7), and extension ids only when its map differs. Malformed
    /// packets, unknown SSRCs and unknown participants are counted and dropped.
    public mutating func handleRTP(from participant: ParticipantID, packet: [UInt8], now: MonotonicTime) {
        guard participants[participant] != nil else {
            unknownParticipantPackets &+= 1
            return
        }
        let view: RTPHeaderView
        do {
            view = try RTPHeaderView(parsing: packet)
        } catch {
            malformedPackets &+= 1
            return
        }
        guard let producerID = producerBySSRC[ScopedSSRC(participant: participant, ssrc: view.ssrc)],
              let parameters = producers[producerID]?.parameters else {
            if routeSimulcastRTP(from: participant, packet: packet, view: view, now: now) { return }
            unknownSSRCPackets &+= 1
            return
        }
        participants[participant]?.received(bytes: packet.count)
        guard view.payloadType == parameters.payloadType else {
            unexpectedPayloadTypePackets &+= 1
            return
        }
        let received = producers[producerID]?.receive.record(
            sequenceNumber: view.sequenceNumber, timestamp: view.timestamp, length: packet.count, arrival: now,
            clockRate: parameters.clockRate)
        if let received {
            producers[producerID]?.nacks.received(extended: received.extended,
                                                  previousHighest: received.previousHighest, now: now)
        }
        sendDueNACKs(for: producerID, now: now)
        producers[producerID]?.cache.insert(packet, sequenceNumber: view.sequenceNumber)

        // Read fields one by one: a copy of the whole producer would share its cache storage
        // and make the insert above copy it.
        let isKeyFrame = producers[producerID]?.needsKeyFrames == true
            && packet.count >= view.payloadRange.upperBound
            && VP8PayloadHeader.isKeyFrame(rtpPayload: packet[view.payloadRange])
        if isKeyFrame {
            producers[producerID]?.keyFrames &+= 1
            producers[producerID]?.keyFrameThrottle.keyFrameReceived()
        }
        guard producers[producerID]?.paused == false else { return }
        if parameters.kind == .audio, let level = view.audioLevel(in: packet, map: parameters.headerExtensions) {
            speakers.record(level, from: participant, now: now)
        }
        let consumerIDs = producers[producerID]?.consumers ?? []
        // Extension element headers are located once per packet, only if some consumer
        // renumbers ids; each consumer then only writes bytes.
        let needsRemap = consumerIDs.contains { consumers[$0]?.remap.isIdentity == false }
        let slots = needsRemap ? ExtensionIDSlot.slots(in: packet, view: view) : []
        for consumerID in consumerIDs {
            forward(packet, view: view, slots: slots, isKeyFrame: isKeyFrame, to: consumerID,
                    clockRate: parameters.clockRate, now: now)
        }
    }

    /// Sends one producer packet to one consumer if it is active, rewriting a copy.
    private mutating func forward(_ packet: [UInt8], view: RTPHeaderView, slots: [ExtensionIDSlot], isKeyFrame: Bool,
                                  to consumerID: ConsumerID,
                                  clockRate: UInt32, now: MonotonicTime) {
        // The consumer is updated in place (no copy of its state, no second hash lookup).
        guard let index = consumers.index(forKey: consumerID) else { return }
        let headroom = configuration.forwardingHeadroom
        guard let (subscriber, copy) = Self.rewrittenCopy(
            of: packet, view: view, slots: slots, isKeyFrame: isKeyFrame, for: &consumers.values[index],
            clockRate: clockRate, headroom: headroom, now: now) else { return }
        participants[subscriber]?.sent(bytes: copy.count)
        emit(.rtp(to: subscriber, packet: copy))
    }

    /// The consumer's rewritten copy of a producer packet and who receives it, or nil when the
    /// consumer does not forward it (paused, waiting for a key frame, older than its segment).
    private static func rewrittenCopy(
        of packet: [UInt8], view: RTPHeaderView, slots: [ExtensionIDSlot], isKeyFrame: Bool,
        for consumer: inout ConsumerState, clockRate: UInt32, headroom: Int, now: MonotonicTime
    ) -> (ParticipantID, [UInt8])? {
        guard !consumer.paused else { return nil }
        if consumer.waitingForKeyFrame {
            guard isKeyFrame else { return nil }
            consumer.waitingForKeyFrame = false
        }
        guard let mapped = consumer.sequencer.map(sequenceNumber: view.sequenceNumber, timestamp: view.timestamp,
                                                  clockRate: clockRate, now: now) else { return nil }
        var copy = forwardingCopy(of: packet, headroom: headroom)
        let rewrite = RTPHeaderRewrite(ssrc: consumer.parameters.ssrc, sequenceNumber: mapped.sequenceNumber,
                                       timestamp: mapped.timestamp, payloadType: consumer.parameters.payloadType)
        do {
            try rewrite.apply(to: &copy)
        } catch {
            return nil
        }
        consumer.remap.apply(to: &copy, slots: slots)
        consumer.packetsSent &+= 1
        consumer.bytesSent &+= UInt64(copy.count)
        return (consumer.subscriber, copy)
    }
}
