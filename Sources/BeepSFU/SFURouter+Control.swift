import BeepWire

/// Control calls, from signalling (the calls service) down to the router.
extension SFURouter {
    /// Adds a participant with no tracks.
    public mutating func addParticipant(_ id: ParticipantID) throws(SFUError) {
        guard participants[id] == nil else {
            throw SFUError(.duplicateParticipant, "participant \(id) is already in the router")
        }
        participants[id] = ParticipantState(id: id)
    }

    /// Removes a participant: closes its producers (and everyone's consumers of them) and its
    /// consumers. Unknown ids are ignored.
    public mutating func removeParticipant(_ id: ParticipantID) {
        guard let participant = participants[id] else { return }
        for producer in participant.producers { closeProducer(producer) }
        for consumer in participant.consumers { closeConsumer(consumer) }
        participants.removeValue(forKey: id)
        _ = speakers.remove(id)
    }

    /// Publishes a track of `participant`. Its RTP packets are recognised by SSRC from then on.
    public mutating func publish(_ parameters: ProducerParameters, from participant: ParticipantID) throws(SFUError)
        -> ProducerID {
        guard participants[participant] != nil else {
            throw SFUError(.unknownParticipant, "publish: participant \(participant) is not in the router")
        }
        try Self.validate(parameters)
        let key = ScopedSSRC(participant: participant, ssrc: parameters.ssrc)
        guard producerBySSRC[key] == nil, simulcast.sourceBySSRC[key] == nil else {
            throw SFUError(.duplicateSSRC, "publish: SSRC \(parameters.ssrc) already published by \(participant)")
        }
        let id = ProducerID(makeID())
        producers[id] = ProducerState(id: id, owner: participant, parameters: parameters,
                                      cacheCapacity: configuration.packetCacheCapacity)
        producerBySSRC[key] = id
        participants[participant]?.producers.append(id)
        return id
    }

    /// Replaces the source of a producer (e.g. the publisher switched camera and now sends a
    /// new SSRC) while keeping its consumers: they continue with their own SSRC and continuous
    /// sequence numbers and timestamps (RFC 7667 §3.7), video from the next key frame.
    public mutating func replaceSource(of producer: ProducerID, with parameters: ProducerParameters,
                                       now: MonotonicTime) throws(SFUError) {
        guard let state = producers[producer] else {
            throw SFUError(.unknownProducer, "replaceSource: \(producer) does not exist")
        }
        try Self.validate(parameters)
        guard parameters.kind == state.parameters.kind else {
            throw SFUError(.notAllowed,
                           "replaceSource: \(producer) is \(state.parameters.kind), new source is \(parameters.kind)")
        }
        let oldKey = ScopedSSRC(participant: state.owner, ssrc: state.parameters.ssrc)
        let newKey = ScopedSSRC(participant: state.owner, ssrc: parameters.ssrc)
        if newKey != oldKey, producerBySSRC[newKey] != nil {
            throw SFUError(.duplicateSSRC, "replaceSource: SSRC \(parameters.ssrc) already published by \(state.owner)")
        }
        producerBySSRC.removeValue(forKey: oldKey)
        producerBySSRC[newKey] = producer
        var replaced = ProducerState(id: producer, owner: state.owner, parameters: parameters,
                                     cacheCapacity: configuration.packetCacheCapacity)
        replaced.paused = state.paused
        replaced.consumers = state.consumers
        replaced.keyFrameThrottle = state.keyFrameThrottle
        replaced.nackedPackets = state.nackedPackets
        replaced.plisSent = state.plisSent
        replaced.keyFrames = state.keyFrames
        producers[producer] = replaced
        for consumer in state.consumers {
            guard let consumerState = consumers[consumer] else { continue }
            consumers[consumer]?.remap = ExtensionIDRemap(from: parameters.headerExtensions,
                                                          to: consumerState.parameters.headerExtensions)
            if !consumerState.paused, !replaced.paused { activate(consumer, now: now) }
        }
    }

    /// Stops a published track: closes all its consumers. Unknown ids are ignored.
    public mutating func unpublish(_ producer: ProducerID) { closeProducer(producer) }

    /// Creates `subscriber`'s copy of `producer`, sent with `parameters`. Unless `paused`, it
    /// starts at once; video starts at the next key frame, and a PLI is sent to the publisher.
    public mutating func consume(_ producer: ProducerID, by subscriber: ParticipantID,
                                 parameters: ConsumerParameters, paused: Bool = false,
                                 now: MonotonicTime) throws(SFUError) -> ConsumerID {
        guard participants[subscriber] != nil else {
            throw SFUError(.unknownParticipant, "consume: participant \(subscriber) is not in the router")
        }
        guard let producerState = producers[producer] else {
            throw SFUError(.unknownProducer, "consume: \(producer) does not exist")
        }
        guard parameters.payloadType <= 0x7F else {
            throw SFUError(.invalidParameters, "consume: payload type \(parameters.payloadType) exceeds 7 bits")
        }
        let key = ScopedSSRC(participant: subscriber, ssrc: parameters.ssrc)
        guard consumerBySSRC[key] == nil, simulcast.consumerBySSRC[key] == nil else {
            throw SFUError(.duplicateSSRC, "consume: SSRC \(parameters.ssrc) already used toward \(subscriber)")
        }
        let id = ConsumerID(makeID())
        consumers[id] = ConsumerState(
            id: id, subscriber: subscriber, producerID: producer, kind: producerState.parameters.kind,
            parameters: parameters,
            remap: ExtensionIDRemap(from: producerState.parameters.headerExtensions, to: parameters.headerExtensions),
            paused: paused)
        consumerBySSRC[key] = id
        producers[producer]?.consumers.append(id)
        participants[subscriber]?.consumers.append(id)
        if !paused, !producerState.paused { activate(id, now: now) }
        return id
    }

    /// Stops one subscriber's copy of a track. Unknown ids are ignored.
    public mutating func closeConsumer(_ consumer: ConsumerID) {
        guard let state = consumers.removeValue(forKey: consumer) else {
            closeSimulcastConsumer(consumer)
            return
        }
        consumerBySSRC.removeValue(forKey: ScopedSSRC(participant: state.subscriber, ssrc: state.parameters.ssrc))
        producers[state.producerID]?.consumers.removeAll { $0 == consumer }
        participants[state.subscriber]?.consumers.removeAll { $0 == consumer }
    }

    /// Pauses a consumer: nothing is sent to the subscriber for it until resumed.
    public mutating func pauseConsumer(_ consumer: ConsumerID) throws(SFUError) {
        guard consumers[consumer] != nil else {
            throw SFUError(.unknownConsumer, "pauseConsumer: \(consumer) does not exist")
        }
        consumers[consumer]?.paused = true
    }

    /// Resumes a paused consumer; its stream continues without a sequence gap, and video waits
    /// for a key frame (a PLI is sent to the publisher).
    public mutating func resumeConsumer(_ consumer: ConsumerID, now: MonotonicTime) throws(SFUError) {
        guard let state = consumers[consumer] else {
            throw SFUError(.unknownConsumer, "resumeConsumer: \(consumer) does not exist")
        }
        guard state.paused else { return }
        consumers[consumer]?.paused = false
        if producers[state.producerID]?.paused == false { activate(consumer, now: now) }
    }

    /// Mutes a producer: all its consumers stop receiving it, without renegotiation.
    public mutating func muteProducer(_ producer: ProducerID) throws(SFUError) {
        guard let state = producers[producer] else {
            throw SFUError(.unknownProducer, "muteProducer: \(producer) does not exist")
        }
        guard !state.paused else { return }
        producers[producer]?.paused = true
        emit(.event(.producerPaused(producer)))
    }

    /// Unmutes a producer: its unpaused consumers resume seamlessly (video from a key frame).
    public mutating func unmuteProducer(_ producer: ProducerID, now: MonotonicTime) throws(SFUError) {
        guard let state = producers[producer] else {
            throw SFUError(.unknownProducer, "unmuteProducer: \(producer) does not exist")
        }
        guard state.paused else { return }
        producers[producer]?.paused = false
        emit(.event(.producerResumed(producer)))
        for consumer in state.consumers where consumers[consumer]?.paused == false {
            activate(consumer, now: now)
        }
    }

    /// (Re)starts forwarding to a consumer: a new sequencing segment, and for video a key
    /// frame wait with a (throttled) PLI toward the publisher.
    mutating func activate(_ consumer: ConsumerID, now: MonotonicTime) {
        guard let state = consumers[consumer] else { return }
        consumers[consumer]?.sequencer.resync()
        guard producers[state.producerID]?.needsKeyFrames == true else { return }
        consumers[consumer]?.waitingForKeyFrame = true
        emit(.event(.consumerWaitingForKeyFrame(consumer)))
        requestKeyFrame(from: state.producerID, now: now)
    }

    mutating func closeProducer(_ producer: ProducerID) {
        guard let state = producers.removeValue(forKey: producer) else {
            closeSimulcastProducer(producer)
            return
        }
        for consumer in state.consumers { closeConsumer(consumer) }
        producerBySSRC.removeValue(forKey: ScopedSSRC(participant: state.owner, ssrc: state.parameters.ssrc))
        participants[state.owner]?.producers.removeAll { $0 == producer }
        emit(.event(.producerClosed(producer)))
    }

    static func validate(_ parameters: ProducerParameters) throws(SFUError) {
        guard parameters.payloadType <= 0x7F else {
            throw SFUError(.invalidParameters, "payload type \(parameters.payloadType) exceeds 7 bits (RFC 3550 §5.1)")
        }
        guard parameters.clockRate > 0 else {
            throw SFUError(.invalidParameters, "clock rate must be positive")
        }
    }
}
