/// The stats snapshot for the admin API.
extension SFURouter {
    /// A Codable snapshot of every participant's and track's counters, sorted by id.
    public func stats() -> SFUStats {
        let participantStats = participants.keys.sorted().compactMap { id -> ParticipantStats? in
            guard let participant = participants[id] else { return nil }
            return ParticipantStats(
                id: id, packetsIn: participant.packetsIn, bytesIn: participant.bytesIn,
                packetsOut: participant.packetsOut, bytesOut: participant.bytesOut,
                audioScore: speakers.score(of: id),
                producers: participant.producers.sorted().compactMap(producerStats),
                consumers: participant.consumers.sorted().compactMap(consumerStats))
        }
        return SFUStats(participants: participantStats, malformedPackets: malformedPackets,
                        unknownSSRCPackets: unknownSSRCPackets, unknownParticipantPackets: unknownParticipantPackets,
                        unexpectedPayloadTypePackets: unexpectedPayloadTypePackets, activeSpeaker: speakers.current)
    }

    private func producerStats(_ id: ProducerID) -> ProducerStats? {
        guard let producer = producers[id] else { return nil }
        return ProducerStats(
            id: id, kind: producer.parameters.kind, ssrc: producer.parameters.ssrc, paused: producer.paused,
            packetsReceived: producer.receive.packets, bytesReceived: producer.receive.bytes,
            packetsLost: producer.receive.packetsLost, jitter: producer.receive.jitter,
            nackedPackets: producer.nackedPackets, plisSent: producer.plisSent, keyFrames: producer.keyFrames,
            consumerCount: producer.consumers.count)
    }

    private func consumerStats(_ id: ConsumerID) -> ConsumerStats? {
        guard let consumer = consumers[id] else { return nil }
        return ConsumerStats(
            id: id, producerID: consumer.producerID, kind: consumer.kind, ssrc: consumer.parameters.ssrc,
            paused: consumer.paused, waitingForKeyFrame: consumer.waitingForKeyFrame,
            packetsSent: consumer.packetsSent, bytesSent: consumer.bytesSent,
            retransmittedPackets: consumer.retransmittedPackets, nacksReceived: consumer.nacksReceived,
            nackMisses: consumer.nackMisses, plisReceived: consumer.plisReceived, firsReceived: consumer.firsReceived,
            remoteFractionLost: consumer.remoteFractionLost, remoteJitter: consumer.remoteJitter, roundTripTime: nil)
    }
}
