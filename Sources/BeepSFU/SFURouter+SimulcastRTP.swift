import BeepRTCP
import BeepRTP
import BeepWire

/// The simulcast hot path and feedback: encoding packets in, one continuous stream per
/// consumer out; subscriber NACKs and PLIs answered per encoding.
extension SFURouter {
    /// Handles an RTP packet whose SSRC is not a single-stream producer's: when it belongs to a
    /// simulcast encoding (known SSRC, or rid/mid learned from its header extensions) it is
    /// cached, counted and offered to every consumer's ``SimulcastForwarder``. Returns false
    /// when the packet is not simulcast media.
    mutating func routeSimulcastRTP(from participant: ParticipantID, packet: [UInt8], view: RTPHeaderView,
                                    now: MonotonicTime) -> Bool {
        let key = ScopedSSRC(participant: participant, ssrc: view.ssrc)
        guard let source = simulcast.sourceBySSRC[key] ?? learnSimulcastSSRC(key, packet: packet, view: view),
              let producer = simulcast.producers[source.producer],
              producer.caches.indices.contains(source.spatial) else { return false }
        participants[participant]?.received(bytes: packet.count)
        guard view.payloadType == producer.parameters.payloadType else {
            unexpectedPayloadTypePackets &+= 1
            return true
        }
        let spatial = source.spatial
        simulcast.producers[source.producer]?.packetsReceived[spatial] &+= 1
        simulcast.producers[source.producer]?.bytesReceived[spatial] &+= UInt64(packet.count)
        simulcast.producers[source.producer]?.caches[spatial].insert(packet, sequenceNumber: view.sequenceNumber)
        let temporal = packet.count >= view.payloadRange.upperBound
            ? (try? VP8PayloadDescriptor.parse(packet[view.payloadRange]).descriptor.temporalLayerIndex) ?? nil : nil
        simulcast.producers[source.producer]?.meter.record(spatial: spatial, temporal: Int(temporal ?? 0),
                                                          bytes: packet.count, now: now)
        if packet.count >= view.payloadRange.upperBound, VP8PayloadHeader.isKeyFrame(rtpPayload: packet[view.payloadRange]) {
            simulcast.producers[source.producer]?.keyFrames[spatial] &+= 1
            simulcast.producers[source.producer]?.throttles[spatial].keyFrameReceived()
        }
        let consumerIDs = producer.consumers
        let needsRemap = consumerIDs.contains { simulcast.consumers[$0]?.remap.isIdentity == false }
        let slots = needsRemap ? ExtensionIDSlot.slots(in: packet, view: view) : []
        for consumerID in consumerIDs {
            // In place: a packet the forwarder drops still changes it (the dropped sequence
            // number closes its gap, a temporal layer changes), and no copy is made for the
            // packets of the layers it does not forward.
            guard var copy = simulcast.consumers[consumerID]?.forwarder.forward(packet, spatialLayer: spatial, now: now),
                  var consumer = simulcast.consumers[consumerID] else {
                continue
            }
            consumer.remap.apply(to: &copy, slots: slots)
            if let sentView = try? RTPHeaderView(parsing: copy) {
                let descriptor = copy.count >= sentView.payloadRange.upperBound
                    ? try? VP8PayloadDescriptor.parse(copy[sentView.payloadRange]).descriptor : nil
                consumer.remember(SimulcastSentSlot(
                    outputSequence: sentView.sequenceNumber, spatial: spatial, inputSequence: view.sequenceNumber,
                    timestamp: sentView.timestamp, pictureID: descriptor?.pictureID?.value,
                    tl0PicIdx: descriptor?.tl0PicIdx))
            }
            consumer.packetsSent &+= 1
            consumer.bytesSent &+= UInt64(copy.count)
            let subscriber = consumer.subscriber
            simulcast.consumers[consumerID] = consumer
            participants[subscriber]?.sent(bytes: copy.count)
            emit(.rtp(to: subscriber, packet: copy))
        }
        return true
    }

    /// Binds an unknown SSRC to the simulcast encoding whose rid (and the producer's mid, when
    /// set) its RtpStreamId / MID header extensions name (RFC 8852 §3, RFC 8843 §15).
    private mutating func learnSimulcastSSRC(_ key: ScopedSSRC, packet: [UInt8], view: RTPHeaderView)
        -> SimulcastSource? {
        for producerID in participants[key.participant]?.producers ?? [] {
            guard let producer = simulcast.producers[producerID],
                  producer.table.encodings.contains(where: { $0.ssrc == 0 }),
                  let rid = view.sdesValue(.rtpStreamID, in: packet, map: producer.parameters.headerExtensions) else {
                continue
            }
            if let mid = producer.mid,
               view.sdesValue(.mid, in: packet, map: producer.parameters.headerExtensions) != mid { continue }
            guard let spatial = producer.table.encodings.firstIndex(where: { $0.rid == rid && $0.ssrc == 0 }) else {
                continue
            }
            simulcast.producers[producerID]?.table.encodings[spatial].ssrc = key.ssrc
            let source = SimulcastSource(producer: producerID, spatial: spatial)
            simulcast.sourceBySSRC[key] = source
            return source
        }
        return nil
    }

    /// Answers a subscriber's Generic NACK (RFC 4585 §6.2.1) for a simulcast consumer from the
    /// encodings' caches, with the header values the packet was first sent with. A packet of
    /// a higher encoding than the one forwarded now (sent before a switch down) is not
    /// resent: the decoder restarted at the lower encoding's key frame and needs nothing
    /// before it, and resending the higher layer's losses — the tail drops of the congestion
    /// that caused the switch — would flood the path the switch was to relieve (counted in
    /// ``SimulcastConsumerStats/staleNACKs``). Returns false when the SSRC is not a simulcast
    /// consumer's.
    mutating func answerSimulcastNACK(_ nack: GenericNACK, from participant: ParticipantID) -> Bool {
        guard let consumerID = simulcast.consumerBySSRC[ScopedSSRC(participant: participant, ssrc: nack.mediaSSRC)],
              var consumer = simulcast.consumers[consumerID] else { return false }
        var resent: [[UInt8]] = []
        for sequence in nack.lostSequenceNumbers {
            consumer.nackedPackets &+= 1
            if let slot = consumer.slot(for: sequence), let current = consumer.forwarder.currentSpatial,
               slot.spatial > current {
                consumer.staleNACKs &+= 1
                continue
            }
            guard let slot = consumer.slot(for: sequence),
                  let cached = simulcast.producers[consumer.producerID]?.caches[safe: slot.spatial]?
                      .packet(sequenceNumber: slot.inputSequence),
                  let view = try? RTPHeaderView(parsing: cached), cached.count >= view.payloadRange.upperBound else {
                consumer.nackMisses &+= 1
                continue
            }
            var copy = cached
            let rewrite = RTPHeaderRewrite(ssrc: consumer.parameters.ssrc, sequenceNumber: sequence,
                                           timestamp: slot.timestamp, payloadType: consumer.parameters.payloadType)
            guard (try? rewrite.apply(to: &copy)) != nil else {
                consumer.nackMisses &+= 1
                continue
            }
            if slot.pictureID != nil || slot.tl0PicIdx != nil {
                try? VP8PayloadDescriptor.rewrite(in: &copy[view.payloadRange], pictureID: slot.pictureID,
                                                  tl0PicIdx: slot.tl0PicIdx)
            }
            consumer.remap.apply(to: &copy, slots: ExtensionIDSlot.slots(in: cached, view: view))
            consumer.retransmittedPackets &+= 1
            consumer.packetsSent &+= 1
            consumer.bytesSent &+= UInt64(copy.count)
            resent.append(copy)
        }
        simulcast.consumers[consumerID] = consumer
        for copy in resent {
            participants[participant]?.sent(bytes: copy.count)
            emit(.rtp(to: participant, packet: copy))
        }
        return true
    }

    /// A subscriber's PLI or FIR for a simulcast consumer: a key frame of the encoding it
    /// forwards (or waits for). Returns false when the SSRC is not a simulcast consumer's.
    mutating func simulcastKeyFrameRequested(by participant: ParticipantID, ssrc: UInt32, now: MonotonicTime) -> Bool {
        guard let consumerID = simulcast.consumerBySSRC[ScopedSSRC(participant: participant, ssrc: ssrc)],
              let consumer = simulcast.consumers[consumerID] else { return false }
        simulcast.consumers[consumerID]?.keyFrameRequests &+= 1
        if let spatial = consumer.forwarder.keyFrameNeeded ?? consumer.forwarder.currentSpatial {
            requestSimulcastKeyFrame(from: consumer.producerID, spatial: spatial, now: now)
        }
        return true
    }
}
