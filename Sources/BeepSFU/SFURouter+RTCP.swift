import BeepRTCP
import BeepRTP
import BeepWire

/// RTCP: feedback from subscribers translated toward publishers, NACKs answered from the
/// cache, sender reports translated toward subscribers, and the router's own feedback.
extension SFURouter {
    /// Handles one decrypted RTCP datagram (compound or reduced-size, RFC 5506) from
    /// `participant`'s peer session.
    ///
    /// - Generic NACK (RFC 4585 §6.2.1) for a consumer SSRC: the consumer's sequence numbers
    ///   are mapped back to the producer's, the cached packets rewritten and resent.
    /// - PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1) for a consumer SSRC: a PLI toward the
    ///   publisher, at most one per second per producer.
    /// - Receiver report blocks (RFC 3550 §6.4) about consumer SSRCs: kept for stats.
    /// - Sender reports (RFC 3550 §6.4.1) of a producer: translated for each consumer (its
    ///   SSRC, its timestamp space, its counts), so subscribers can synchronise audio and video;
    ///   the packet and octet counts are the consumer's RTP packets and bytes sent.
    public mutating func handleRTCP(from participant: ParticipantID, packet: [UInt8], now: MonotonicTime) {
        guard participants[participant] != nil else {
            unknownParticipantPackets &+= 1
            return
        }
        let compound: RTCPCompound
        do {
            compound = try RTCPCompound.parse(packet)
        } catch {
            malformedPackets &+= 1
            return
        }
        for rtcp in compound.packets {
            switch rtcp {
            case .senderReport(let report):
                if configuration.translateSenderReports { translate(report, from: participant) }
                recordReportBlocks(report.reports, from: participant)
            case .receiverReport(let report):
                recordReportBlocks(report.reports, from: participant)
            case .genericNACK(let nack):
                answer(nack, from: participant, now: now)
            case .pictureLossIndication(let pli):
                guard let consumerID = consumer(of: participant, ssrc: pli.mediaSSRC) else {
                    _ = simulcastKeyFrameRequested(by: participant, ssrc: pli.mediaSSRC, now: now)
                    continue
                }
                consumers[consumerID]?.plisReceived &+= 1
                keyFrameRequested(by: consumerID, now: now)
            case .fullIntraRequest(let fir):
                for entry in fir.entries {
                    guard let consumerID = consumer(of: participant, ssrc: entry.ssrc) else {
                        _ = simulcastKeyFrameRequested(by: participant, ssrc: entry.ssrc, now: now)
                        continue
                    }
                    consumers[consumerID]?.firsReceived &+= 1
                    keyFrameRequested(by: consumerID, now: now)
                }
            default:
                continue
            }
        }
    }

    /// Asks the producer's publisher for a key frame with a PLI (RFC 4585 §6.3.1), throttled
    /// to one per second per producer; a request inside the window is sent when it ends.
    mutating func requestKeyFrame(from producerID: ProducerID, now: MonotonicTime) {
        guard producers[producerID]?.needsKeyFrames == true,
              producers[producerID]?.keyFrameThrottle.request(now: now) == true else { return }
        sendPLI(to: producerID)
    }

    mutating func sendPLI(to producerID: ProducerID) {
        guard let owner = producers[producerID]?.owner,
              let ssrc = producers[producerID]?.parameters.ssrc else { return }
        let pli = PictureLossIndication(senderSSRC: configuration.feedbackSSRC, mediaSSRC: ssrc)
        guard let bytes = try? RTCPPacket.pictureLossIndication(pli).serialize() else { return }
        producers[producerID]?.plisSent &+= 1
        emit(.rtcp(to: owner, packet: bytes))
    }

    /// Sends a Generic NACK (RFC 4585 §6.2.1) to the publisher for the gaps now due.
    mutating func sendDueNACKs(for producerID: ProducerID, now: MonotonicTime) {
        guard let due = producers[producerID]?.nacks.nextDeadline, due <= now,
              let lost = producers[producerID]?.nacks.due(now: now), !lost.isEmpty,
              let owner = producers[producerID]?.owner,
              let ssrc = producers[producerID]?.parameters.ssrc else { return }
        let nack = GenericNACK(senderSSRC: configuration.feedbackSSRC, mediaSSRC: ssrc, lost: lost)
        guard let bytes = try? RTCPPacket.genericNACK(nack).serialize() else { return }
        producers[producerID]?.nackedPackets &+= UInt64(lost.count)
        emit(.rtcp(to: owner, packet: bytes))
    }

    private func consumer(of participant: ParticipantID, ssrc: UInt32) -> ConsumerID? {
        consumerBySSRC[ScopedSSRC(participant: participant, ssrc: ssrc)]
    }

    private mutating func keyFrameRequested(by consumerID: ConsumerID, now: MonotonicTime) {
        guard let producerID = consumers[consumerID]?.producerID else { return }
        requestKeyFrame(from: producerID, now: now)
    }

    /// Answers a subscriber's NACK from the producer's packet cache.
    private mutating func answer(_ nack: GenericNACK, from participant: ParticipantID, now: MonotonicTime) {
        guard let consumerID = consumer(of: participant, ssrc: nack.mediaSSRC),
              var consumer = consumers[consumerID] else {
            if answerSimulcastNACK(nack, from: participant) { return }
            unknownSSRCPackets &+= 1
            return
        }
        consumer.nacksReceived &+= 1
        var resent: [[UInt8]] = []
        for sequence in nack.lostSequenceNumbers {
            guard let producerSequence = consumer.sequencer.producerSequence(for: sequence),
                  let cached = producers[consumer.producerID]?.cache.packet(sequenceNumber: producerSequence),
                  let view = try? RTPHeaderView(parsing: cached) else {
                consumer.nackMisses &+= 1
                continue
            }
            var copy = cached
            let rewrite = RTPHeaderRewrite(ssrc: consumer.parameters.ssrc, sequenceNumber: sequence,
                                           timestamp: consumer.sequencer.consumerTimestamp(for: view.timestamp),
                                           payloadType: consumer.parameters.payloadType)
            guard (try? rewrite.apply(to: &copy)) != nil else {
                consumer.nackMisses &+= 1
                continue
            }
            consumer.remap.apply(to: &copy, slots: ExtensionIDSlot.slots(in: cached, view: view))
            consumer.retransmittedPackets &+= 1
            consumer.packetsSent &+= 1
            consumer.bytesSent &+= UInt64(copy.count)
            resent.append(copy)
        }
        consumers[consumerID] = consumer
        for copy in resent {
            participants[participant]?.sent(bytes: copy.count)
            emit(.rtp(to: participant, packet: copy))
        }
    }

    private mutating func recordReportBlocks(_ blocks: [ReportBlock], from participant: ParticipantID) {
        for block in blocks {
            guard let consumerID = consumer(of: participant, ssrc: block.ssrc) else { continue }
            consumers[consumerID]?.remoteFractionLost = block.fractionLost
            consumers[consumerID]?.remoteJitter = block.jitter
        }
    }

    /// Rewrites a publisher's SR for each consumer that has forwarded media in its current
    /// segment (RFC 3550 §7.2: a translator that changes SSRC and timestamps must adjust SRs).
    private mutating func translate(_ report: SenderReport, from participant: ParticipantID) {
        guard let producerID = producerBySSRC[ScopedSSRC(participant: participant, ssrc: report.ssrc)],
              producers[producerID]?.paused == false else { return }
        for consumerID in producers[producerID]?.consumers ?? [] {
            guard let consumer = consumers[consumerID], !consumer.paused,
                  consumer.sequencer.hasForwarded else { continue }
            let translated = SenderReport(
                ssrc: consumer.parameters.ssrc, ntpTimestamp: report.ntpTimestamp,
                rtpTimestamp: consumer.sequencer.consumerTimestamp(for: report.rtpTimestamp),
                packetCount: UInt32(truncatingIfNeeded: consumer.packetsSent),
                octetCount: UInt32(truncatingIfNeeded: consumer.bytesSent))
            guard let bytes = try? RTCPPacket.senderReport(translated).serialize() else { continue }
            emit(.rtcp(to: consumer.subscriber, packet: bytes))
        }
    }
}
