import BeepWire

/// Control calls for simulcast video (RFC 8853): a producer with up to three encodings
/// (`rid`s, RFC 8851) and consumers that forward one layer of it, chosen by the caller (the
/// allocator, see `docs/bandwidth-estimation.md`).
extension SFURouter {
    /// The most encodings a simulcast producer may have.
    public static let maxSimulcastEncodings = 3

    /// Publishes a simulcast video track of `participant`. `parameters` gives the payload type,
    /// clock rate and extension map shared by the encodings (its `ssrc` is ignored);
    /// `encodings` lists them lowest first. An encoding whose SSRC is 0 (the offer named only
    /// its rid, as browsers do) is bound to the SSRC of the first packet carrying its rid —
    /// and `mid`, when given — in the RtpStreamId / MID header extensions (RFC 8852 §3, RFC 8843 §15).
    public mutating func publishSimulcast(_ parameters: ProducerParameters, encodings: [SimulcastEncoding],
                                          mid: String? = nil, from participant: ParticipantID) throws(SFUError)
        -> ProducerID {
        guard participants[participant] != nil else {
            throw SFUError(.unknownParticipant, "publishSimulcast: participant \(participant) is not in the router")
        }
        try Self.validate(parameters)
        guard parameters.kind == .video else {
            throw SFUError(.invalidParameters, "publishSimulcast: simulcast needs a video track")
        }
        guard (1...Self.maxSimulcastEncodings).contains(encodings.count) else {
            throw SFUError(.invalidParameters, "publishSimulcast: \(encodings.count) encodings, expected 1-3")
        }
        var seen = Set<UInt32>()
        for encoding in encodings where encoding.ssrc != 0 {
            let key = ScopedSSRC(participant: participant, ssrc: encoding.ssrc)
            guard seen.insert(encoding.ssrc).inserted, producerBySSRC[key] == nil,
                  simulcast.sourceBySSRC[key] == nil else {
                throw SFUError(.duplicateSSRC, "publishSimulcast: SSRC \(encoding.ssrc) already used by \(participant)")
            }
        }
        let id = ProducerID(makeID())
        simulcast.producers[id] = SimulcastProducerState(
            id: id, owner: participant, parameters: parameters, mid: mid,
            table: SimulcastLayerTable(encodings: encodings), cacheCapacity: configuration.packetCacheCapacity)
        for (spatial, encoding) in encodings.enumerated() where encoding.ssrc != 0 {
            simulcast.sourceBySSRC[ScopedSSRC(participant: participant, ssrc: encoding.ssrc)] =
                SimulcastSource(producer: id, spatial: spatial)
        }
        participants[participant]?.producers.append(id)
        return id
    }

    /// Creates `subscriber`'s copy of a simulcast producer, forwarding `layer` (nil: paused
    /// until ``setSimulcastLayer(_:to:now:)``). The first key frame of the layer's encoding
    /// starts it; a PLI asks the publisher for one.
    public mutating func consumeSimulcast(_ producer: ProducerID, by subscriber: ParticipantID,
                                          parameters: ConsumerParameters, layer: SimulcastLayer?,
                                          now: MonotonicTime) throws(SFUError) -> ConsumerID {
        guard participants[subscriber] != nil else {
            throw SFUError(.unknownParticipant, "consumeSimulcast: participant \(subscriber) is not in the router")
        }
        guard let producerState = simulcast.producers[producer] else {
            throw SFUError(.unknownProducer, "consumeSimulcast: \(producer) is not a simulcast producer")
        }
        guard parameters.payloadType <= 0x7F else {
            throw SFUError(.invalidParameters, "consumeSimulcast: payload type \(parameters.payloadType) exceeds 7 bits")
        }
        let key = ScopedSSRC(participant: subscriber, ssrc: parameters.ssrc)
        guard consumerBySSRC[key] == nil, simulcast.consumerBySSRC[key] == nil else {
            throw SFUError(.duplicateSSRC, "consumeSimulcast: SSRC \(parameters.ssrc) already used toward \(subscriber)")
        }
        let id = ConsumerID(makeID())
        simulcast.consumers[id] = SimulcastConsumerState(
            id: id, subscriber: subscriber, producerID: producer, parameters: parameters,
            remap: ExtensionIDRemap(from: producerState.parameters.headerExtensions, to: parameters.headerExtensions),
            forwarder: SimulcastForwarder(ssrc: parameters.ssrc, payloadType: parameters.payloadType,
                                          clockRate: producerState.parameters.clockRate))
        simulcast.consumerBySSRC[key] = id
        simulcast.producers[producer]?.consumers.append(id)
        participants[subscriber]?.consumers.append(id)
        try setSimulcastLayer(id, to: layer, now: now)
        return id
    }

    /// Chooses the layer a simulcast consumer forwards (nil pauses it). A new encoding starts
    /// at its next key frame (requested with a PLI, RFC 4585 §6.3.1, throttled per encoding);
    /// meanwhile the current one keeps flowing (its base layer only on a switch down; nothing
    /// of it with `droppingCurrent`, see ``SimulcastForwarder/setTarget(_:droppingCurrent:)``).
    /// Layers beyond the producer's are clamped.
    public mutating func setSimulcastLayer(_ consumer: ConsumerID, to layer: SimulcastLayer?, droppingCurrent: Bool = false,
                                           now: MonotonicTime) throws(SFUError) {
        guard let state = simulcast.consumers[consumer],
              let table = simulcast.producers[state.producerID]?.table else {
            throw SFUError(.unknownConsumer, "setSimulcastLayer: \(consumer) is not a simulcast consumer")
        }
        let clamped = layer.map { requested -> SimulcastLayer in
            let spatial = min(max(requested.spatial, 0), max(table.encodings.count - 1, 0))
            let temporalCount = table.encodings.indices.contains(spatial) ? table.encodings[spatial].temporalBitrates.count : 1
            return SimulcastLayer(spatial: spatial, temporal: min(max(requested.temporal, 0), max(temporalCount - 1, 0)))
        }
        simulcast.consumers[consumer]?.forwarder.setTarget(clamped, droppingCurrent: droppingCurrent)
        requestSimulcastKeyFrameIfNeeded(for: consumer, now: now)
    }

    /// The layer a simulcast consumer was asked for and the one it forwards now.
    public func simulcastLayer(of consumer: ConsumerID) -> (target: SimulcastLayer?, current: SimulcastLayer?)? {
        guard let forwarder = simulcast.consumers[consumer]?.forwarder else { return nil }
        return (forwarder.target, forwarder.currentLayer)
    }

    /// The encodings (and their announced bitrates) of a simulcast producer.
    public func simulcastLayers(of producer: ProducerID) -> SimulcastLayerTable? { simulcast.producers[producer]?.table }

    /// The producer's layers with the bitrates measured over the last second (cumulative per
    /// temporal layer, as the allocator expects); an encoding the publisher stopped sending has
    /// no layers. Falls back to the announced table before the first second is measured.
    public func simulcastMeasuredLayers(of producer: ProducerID, now: MonotonicTime) -> SimulcastLayerTable? {
        guard var table = simulcast.producers[producer]?.table else { return nil }
        guard let measured = simulcast.producers[producer]?.meter.measured(now: now) else { return table }
        for index in table.encodings.indices {
            table.encodings[index].temporalBitrates = measured[safe: index] ?? []
        }
        return table
    }

    /// Replaces the bitrates the allocator uses for a simulcast producer's layers (e.g. from
    /// measured receive rates); the encodings' rids and SSRCs are kept.
    public mutating func updateSimulcastBitrates(of producer: ProducerID, _ bitrates: [[Int64]]) throws(SFUError) {
        guard var state = simulcast.producers[producer] else {
            throw SFUError(.unknownProducer, "updateSimulcastBitrates: \(producer) is not a simulcast producer")
        }
        guard bitrates.count == state.table.encodings.count else {
            throw SFUError(.invalidParameters, "updateSimulcastBitrates: \(bitrates.count) encodings, expected \(state.table.encodings.count)")
        }
        for (index, rates) in bitrates.enumerated() { state.table.encodings[index].temporalBitrates = rates }
        simulcast.producers[producer] = state
    }

    /// Removes a simulcast producer and its consumers (called when the producer is closed).
    mutating func closeSimulcastProducer(_ producer: ProducerID) {
        guard let state = simulcast.producers.removeValue(forKey: producer) else { return }
        for consumer in state.consumers { closeSimulcastConsumer(consumer) }
        simulcast.sourceBySSRC = simulcast.sourceBySSRC.filter { $0.value.producer != producer }
        participants[state.owner]?.producers.removeAll { $0 == producer }
        emit(.event(.producerClosed(producer)))
    }

    /// Removes a simulcast consumer.
    mutating func closeSimulcastConsumer(_ consumer: ConsumerID) {
        guard let state = simulcast.consumers.removeValue(forKey: consumer) else { return }
        simulcast.consumerBySSRC.removeValue(forKey: ScopedSSRC(participant: state.subscriber, ssrc: state.parameters.ssrc))
        simulcast.producers[state.producerID]?.consumers.removeAll { $0 == consumer }
        participants[state.subscriber]?.consumers.removeAll { $0 == consumer }
    }

    /// Sends (or schedules, throttled) a PLI for the encoding a consumer waits for.
    mutating func requestSimulcastKeyFrameIfNeeded(for consumer: ConsumerID, now: MonotonicTime) {
        guard let state = simulcast.consumers[consumer], let spatial = state.forwarder.keyFrameNeeded else { return }
        requestSimulcastKeyFrame(from: state.producerID, spatial: spatial, now: now)
    }

    /// A PLI toward one encoding (RFC 4585 §6.3.1), at most one per second per encoding; a
    /// retry is scheduled one second later, cancelled by the key frame's arrival.
    mutating func requestSimulcastKeyFrame(from producer: ProducerID, spatial: Int, now: MonotonicTime) {
        guard let state = simulcast.producers[producer], state.throttles.indices.contains(spatial),
              simulcast.producers[producer]?.throttles[spatial].request(now: now) == true else { return }
        sendSimulcastPLI(to: producer, spatial: spatial)
        _ = simulcast.producers[producer]?.throttles[spatial].request(now: now)  // schedules the retry
    }

    mutating func sendSimulcastPLI(to producer: ProducerID, spatial: Int) {
        guard let state = simulcast.producers[producer], state.table.encodings.indices.contains(spatial) else { return }
        let ssrc = state.table.encodings[spatial].ssrc
        guard ssrc != 0 else { return }  // not bound yet: nothing to address
        let pli = PictureLossIndicationBytes.make(senderSSRC: configuration.feedbackSSRC, mediaSSRC: ssrc)
        guard let pli else { return }
        simulcast.producers[producer]?.plisSent &+= 1
        emit(.rtcp(to: state.owner, packet: pli))
    }

    /// Sends the simulcast PLIs (deferred requests and retries) that fall due.
    mutating func handleSimulcastTimeout(now: MonotonicTime) {
        for producer in simulcast.producers.keys.sorted() {
            let count = simulcast.producers[producer]?.throttles.count ?? 0
            for spatial in 0..<count where simulcast.producers[producer]?.throttles[spatial].fireIfDue(now: now) == true {
                sendSimulcastPLI(to: producer, spatial: spatial)
            }
        }
    }
}
