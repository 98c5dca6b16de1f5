import BeepBWE
import BeepCalls
import BeepPeer
import BeepRTCP
import BeepRTP
import BeepSFU
import BeepWire

/// Adaptive video in a room (docs/bandwidth-estimation.md "Wiring in the call server"): every
/// packet sent to a subscriber carries a transport-wide sequence number and is recorded by its
/// estimator; its RTCP feeds the estimator; every ``adaptationInterval`` its controller divides
/// the estimate across its consumers and the chosen layers are applied; probes are paced as RTX
/// padding. Publishers are told with REMB that they may send all their layers.
extension RoomWorker {
    /// How often each subscriber's layers are re-allocated.
    static let adaptationInterval: Duration = .milliseconds(150)
    /// How often a publisher gets a REMB.
    static let publisherREMBInterval: Duration = .milliseconds(500)
    /// What a publisher may send in total (REMB, draft-alvestrand-rmcat-remb-03): Beep does not
    /// estimate its receive side, so this is a fixed ceiling above three layers plus a screen.
    static let publisherMaxBitrate: UInt64 = 5_000_000
    /// What an audio consumer is assumed to need before its producer's rate is measured
    /// (Opus at its default rate plus RTP headers).
    static let audioBitrate: Int64 = 50_000
    /// The least an audio consumer is counted at once measured (silence still sends).
    static let minimumAudioBitrate: Int64 = 16_000
    /// Assumed rate of a single-encoding video before its first measurement.
    static let defaultSingleVideoBitrate: Int64 = 800_000
    /// SRTP authentication tag added to each packet after numbering (RFC 3711 §4.2: 80 bits).
    static let srtpOverhead = 10
    /// Where a new simulcast consumer starts: the lowest encoding, every temporal layer.
    static let startLayer = SimulcastLayer(spatial: 0, temporal: 2)
    /// The one layer of a single-encoding video.
    static let singleLayer = SimulcastLayer(spatial: 0, temporal: 0)

    /// Bitrates a simulcast encoding is assumed to need per temporal layer (cumulative) until
    /// the router has measured it: the call page's maxBitrate per rid (web/call/media.js).
    static func announcedLayerBitrates(spatial: Int) -> [Int64] {
        let top: Int64 = switch spatial {
        case 0: 150_000
        case 1: 500_000
        default: 1_200_000
        }
        return [top * 4 / 10, top * 6 / 10, top]
    }

    /// The next time ``adapt(now:)`` has work: the periodic allocation, a probe packet or a
    /// paced packet.
    var adaptationDeadline: MonotonicTime? {
        var deadline = nextAdaptation
        // Read each entry in place: iterating `participants.values` would copy every
        // `Participant`, and this runs for each session on each timer run.
        var index = participants.startIndex
        while index != participants.endIndex {
            deadline = .earliest(deadline, .earliest(
                participants.values[index].adaptation.probe?.nextDeadline,
                participants.values[index].adaptation.pacer.nextSendTime(
                    audioOnly: participants.values[index].adaptation.holdsMedia)))
            participants.formIndex(after: &index)
        }
        return deadline
    }

    // MARK: - Send path

    /// Queues one RTP packet for a subscriber in its pacer (audio first, then answers to its
    /// NACKs within their budget, then video) and sends what the pacer lets go now.
    func sendMedia(_ packet: [UInt8], to participant: BeepSFU.ParticipantID, retransmission: Bool = false,
                   now: MonotonicTime) {
        let id = BeepCalls.ParticipantID(rawValue: participant.rawValue)
        // Read in place: a copy of the subscriber's adaptation state would retain all it holds.
        guard let index = participants.index(forKey: id) else { return }
        let kind: PacedPacketKind = retransmission ? .retransmission
            : (participants.values[index].adaptation.audioSSRCs.contains(Self.ssrc(of: packet)) ? .audio : .video)
        participants[id]?.adaptation.pacer.enqueue(packet, size: packet.count + Self.srtpOverhead, kind: kind, now: now)
        releasePaced(for: id, now: now)
    }

    /// Sends the packets a subscriber's pacer lets go at `now`: only audio while its estimator
    /// holds media back after an overload (``SendSideBandwidthEstimator/holdsMedia(now:)``;
    /// feedback and the periodic allocation release the rest).
    private func releasePaced(for id: BeepCalls.ParticipantID, now: MonotonicTime) {
        // In place: `participants[id]?.…` read would copy the whole `Participant` per packet.
        while let index = participants.index(forKey: id) {
            let holds = participants.values[index].adaptation.estimator.holdsMedia(now: now)
            if participants.values[index].adaptation.holdsMedia != holds {
                participants.values[index].adaptation.holdsMedia = holds
            }
            guard let (packet, _) = participants.values[index].adaptation.pacer.dequeue(now: now, audioOnly: holds)
            else { return }
            transmit(packet, to: id, now: now)
        }
    }

    /// The SSRC of an RTP packet (RFC 3550 §5.1), 0 when too short.
    private static func ssrc(of packet: [UInt8]) -> UInt32 {
        guard packet.count >= 12 else { return 0 }
        return packet[8...11].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Sends one RTP packet to a subscriber now, numbered with the transport-wide sequence
    /// number and recorded for its estimator (unnumbered when the extension was not negotiated).
    private func transmit(_ packet: consuming [UInt8], to id: BeepCalls.ParticipantID, now: MonotonicTime) {
        // Read the entry in place: a copy of the whole `Participant` would retain everything it holds.
        guard let index = participants.index(forKey: id), let session = participants.values[index].session else { return }
        guard let extensionID = participants.values[index].negotiation.transportWideSequenceID else {
            session.peer.sendRTP(packet, now: now)
            return
        }
        let sequence = participants.values[index].adaptation.nextTransportSequence
        // Numbered and then protected in place: the router's copy has room for both.
        guard TransportWideSequenceInsertion.set(sequence, id: extensionID, in: &packet) else {
            session.peer.sendRTP(packet, now: now)
            return
        }
        let size = packet.count
        guard session.peer.sendRTP(packet, now: now) else { return }
        recordSent(sequence: sequence, size: size, by: id, now: now)
    }

    /// The datagrams queued for a participant so far left at `now` (the driver's flush): the
    /// estimator's send times become departures.
    func transportFlushed(_ participant: BeepSFU.ParticipantID, now: MonotonicTime) {
        let id = BeepCalls.ParticipantID(rawValue: participant.rawValue)
        participants[id]?.adaptation.estimator.packetsLeft(at: now)
    }

    private func recordSent(sequence: UInt16, size: Int, by id: BeepCalls.ParticipantID, now: MonotonicTime) {
        let cluster = participants[id]?.adaptation.probe.flatMap { now <= $0.end ? $0.cluster.id : nil }
        participants[id]?.adaptation.nextTransportSequence = sequence &+ 1
        participants[id]?.adaptation.estimator.packetSent(
            SentPacket(sequenceNumber: sequence, size: size + Self.srtpOverhead, sendTime: now, probeClusterID: cluster))
    }

    // MARK: - Feedback

    /// Feeds the subscriber's estimator from its RTCP: transport-cc feedback, REMB, and the
    /// "fraction lost" of report blocks about Beep's consumers (RFC 3550 §6.4.1).
    func feedEstimator(rtcp packet: [UInt8], from participant: BeepSFU.ParticipantID, now: MonotonicTime) {
        let id = BeepCalls.ParticipantID(rawValue: participant.rawValue)
        guard participants[id] != nil, let compound = try? RTCPCompound.parse(packet) else { return }
        defer {
            reallocateIfOverEstimate(id, now: now)
            releasePaced(for: id, now: now)  // feedback may have opened the window
        }
        var blocks: [ReportBlock] = []
        for message in compound.packets {
            switch message {
            case .transportWideFeedback(let feedback):
                participants[id]?.adaptation.estimator.handleTransportFeedback(feedback, now: now)
            case .receiverEstimatedMaxBitrate(let remb):
                participants[id]?.adaptation.estimator.handleREMB(remb, now: now)
            case .receiverReport(let report): blocks += report.reports
            case .senderReport(let report): blocks += report.reports
            default: break
            }
        }
        guard !blocks.isEmpty else { return }
        let sent = Set(consumers.values.filter { $0.subscriber == id }.map(\.ssrc))
        if let worst = blocks.filter({ sent.contains($0.ssrc) }).map(\.fractionLost).max() {
            participants[id]?.adaptation.estimator.handleReceiverReport(fractionLost: worst, now: now)
        }
    }

    /// Allocates at once, not at the next tick, when the estimate fell below what the layers
    /// in use need: the switch down (and its PLI) starts up to ``adaptationInterval`` earlier,
    /// while the bottleneck queue fills.
    private func reallocateIfOverEstimate(_ id: BeepCalls.ParticipantID, now: MonotonicTime) {
        guard let adaptation = participants[id]?.adaptation, adaptation.allocatedBitrate > 0,
              adaptation.estimator.estimate.source == .transportWideFeedback,
              adaptation.estimator.targetBitrate < adaptation.allocatedBitrate else { return }
        allocate(for: id, now: now)
    }

    // MARK: - Periodic allocation

    /// Runs due work: probe padding, then (every ``adaptationInterval``) each subscriber's
    /// allocation and each publisher's REMB.
    func adapt(now: MonotonicTime) {
        for id in participants.keys {
            releasePaced(for: id, now: now)
            paceProbe(for: id, now: now)
        }
        if let due = nextAdaptation, due > now { return }
        nextAdaptation = now + Self.adaptationInterval
        producerRates.sample(router.stats(), now: now)
        for id in participants.keys {
            allocate(for: id, now: now)
            sendPublisherREMB(to: id, now: now)
        }
    }

    /// Starts the periodic allocation (called when a participant joins).
    func scheduleAdaptation(now: MonotonicTime) {
        if nextAdaptation == nil { nextAdaptation = now + Self.adaptationInterval }
    }

    /// The allocation requests for a subscriber's consumers: audio fixed, video from the
    /// measured layers, screen shares first, then the active speaker's camera.
    private func allocationRequests(for id: BeepCalls.ParticipantID, now: MonotonicTime) -> [LayerAllocationRequest] {
        let limits = participants[id]?.adaptation.limits ?? SubscriberLimits()
        let cap = limits.maxSpatialLayer.map { SimulcastLayer(spatial: max(0, $0), temporal: 15) }
        var requests: [LayerAllocationRequest] = []
        for (consumer, entry) in consumers where entry.subscriber == id {
            switch entry.kind {
            case .audio:
                let rate = producerRates.rate(of: entry.producer).map { max($0, Self.minimumAudioBitrate) } ?? Self.audioBitrate
                requests.append(LayerAllocationRequest(consumer: consumer, media: .audio(bitrate: rate)))
            case .video, .screen:
                let table: SimulcastLayerTable
                if entry.simulcast {
                    guard !mutedProducers.contains(entry.producer),
                          let measured = router.simulcastMeasuredLayers(of: entry.producer, now: now) else { continue }
                    table = measured
                } else {
                    let rate = producerRates.rate(of: entry.producer) ?? Self.defaultSingleVideoBitrate
                    table = SimulcastLayerTable(encodings: [SimulcastEncoding(rid: "", ssrc: 0, temporalBitrates: [max(rate, 1)])])
                }
                let owner = producerOwners[entry.producer]?.participant
                let priority: ConsumerPriority = entry.kind == .screen ? .screenShare
                    : (owner != nil && owner == activeSpeaker ? .activeSpeaker : .normal)
                let requested = owner.flatMap { participants[id]?.adaptation.requestedMax(publisher: $0, kind: entry.kind) }
                requests.append(LayerAllocationRequest(consumer: consumer, media: .video(table), priority: priority,
                                                       requestedMax: entry.simulcast ? requested : nil,
                                                       operatorCap: entry.simulcast ? cap : nil))
            }
        }
        return requests.sorted { $0.consumer < $1.consumer }
    }

    private func allocate(for id: BeepCalls.ParticipantID, now: MonotonicTime) {
        guard let participant = participants[id], let session = participant.session else { return }
        if let rtt = session.peer.roundTripTime { participants[id]?.adaptation.estimator.handleRoundTripTime(rtt) }
        while let result = participants[id]?.adaptation.estimator.pollProbeResult() {
            if result.reachedTarget {
                participants[id]?.adaptation.controller.probeSucceeded()
                participants[id]?.adaptation.probesSucceeded &+= 1
            }
        }
        let requests = allocationRequests(for: id, now: now)
        // A subscriber that negotiated no transport-cc and sent no REMB gives no congestion
        // signal at all (a bot on BeepPeer): nothing to adapt to, it gets what it asks for.
        let estimator = participant.adaptation.estimator
        let blind = participant.negotiation.transportWideSequenceID == nil && estimator.estimate.source == .initial
        var budget = blind ? estimator.configuration.maxBitrate : estimator.targetBitrate
        if let cap = participant.adaptation.limits.maxBitrate { budget = min(budget, cap) }
        participants[id]?.adaptation.pacer.setTargetBitrate(budget)
        participants[id]?.adaptation.audioSSRCs = Set(consumers.values.filter { $0.subscriber == id && $0.kind == .audio }.map(\.ssrc))
        guard let decision = participants[id]?.adaptation.controller.update(estimate: budget, requests: requests, now: now)
        else { return }
        let parts = estimator.estimate
        for change in decision.changes {
            guard let entry = consumers[change.consumer] else { continue }
            participants[id]?.adaptation.decisions.append(LayerDecisionRecord(
                atMilliseconds: now.nanoseconds / 1_000_000, consumer: change.consumer, layer: change.layer,
                budget: budget, delayBasedBitrate: parts.delayBased, lossBasedBitrate: parts.lossBased,
                acknowledgedBitrate: parts.acknowledged, lossFraction: parts.lossFraction,
                overloadCuts: parts.overloadCuts))
            if entry.simulcast {
                let dropping = Self.baseLayerOverflows(change, current: router.simulcastLayer(of: change.consumer)?.current,
                                                        requests: requests, allocated: decision.allocation.allocatedBitrate,
                                                        budget: budget)
                try? router.setSimulcastLayer(change.consumer, to: change.layer, droppingCurrent: dropping, now: now)
            } else if change.layer == nil {
                try? router.pauseConsumer(change.consumer)
            } else {
                try? router.resumeConsumer(change.consumer, now: now)
            }
        }
        var desired = decision.desiredBitrate
        if let cap = participant.adaptation.limits.maxBitrate { desired = min(desired, cap) }
        participants[id]?.adaptation.allocatedBitrate = decision.allocation.allocatedBitrate
        participants[id]?.adaptation.desiredBitrate = desired
        participants[id]?.adaptation.estimator.setDesiredBitrate(desired, now: now)
        startProbeIfDue(for: id, now: now)
    }

    /// Whether a switch down must forward nothing of the current encoding until the lower key
    /// frame: its base layer (TID 0, measured) next to the new allocation exceeds the budget,
    /// so sending it would keep the bottleneck queue full in front of that key frame.
    static func baseLayerOverflows(_ change: LayerChange, current: SimulcastLayer?, requests: [LayerAllocationRequest],
                                   allocated: Int64, budget: Int64) -> Bool {
        guard let current, let target = change.layer, target.spatial < current.spatial,
              case .video(let table)? = requests.first(where: { $0.consumer == change.consumer })?.media,
              let base = table.encodings[safe: current.spatial]?.temporalBitrates.first else { return false }
        return allocated.addingReportingOverflow(base).partialValue > budget
    }

    // MARK: - Probing

    /// The RTX stream probe padding goes on: the first video consumer with an RTX SSRC, and the
    /// ids it needs. Nil when the subscriber negotiated no RTX or no transport-cc.
    private func probeStream(for id: BeepCalls.ParticipantID)
        -> (ssrc: UInt32, payloadType: UInt8, extensionID: UInt8)? {
        guard let negotiation = participants[id]?.negotiation,
              let payloadType = negotiation.retransmissionPayloadType,
              let extensionID = negotiation.transportWideSequenceID, (1...14).contains(extensionID),
              let ssrc = consumers.filter({ $0.value.subscriber == id && $0.value.retransmissionSSRC != nil })
                  .min(by: { $0.key < $1.key })?.value.retransmissionSSRC else { return nil }
        return (ssrc, payloadType, extensionID)
    }

    private func startProbeIfDue(for id: BeepCalls.ParticipantID, now: MonotonicTime) {
        guard let adaptation = participants[id]?.adaptation, adaptation.probe == nil,
              !adaptation.estimator.holdsMedia(now: now), probeStream(for: id) != nil,
              let cluster = participants[id]?.adaptation.estimator.pollProbe(now: now) else { return }
        let padding = cluster.paddingBytes(mediaBitrate: adaptation.allocatedBitrate,
                                           packetSize: ProbePaddingPacer.packetSize)
        participants[id]?.adaptation.probe = ProbePaddingPacer(cluster: cluster, paddingBytes: padding, now: now)
        participants[id]?.adaptation.probesSent &+= 1
        paceProbe(for: id, now: now)
    }

    /// Sends the probe padding packets due now; ends the probe after its window.
    private func paceProbe(for id: BeepCalls.ParticipantID, now: MonotonicTime) {
        guard var probe = participants[id]?.adaptation.probe else { return }
        let count = probe.due(now: now)
        if probe.finished, now > probe.end {
            participants[id]?.adaptation.probe = nil
        } else {
            participants[id]?.adaptation.probe = probe
        }
        guard count > 0, let stream = probeStream(for: id), let session = participants[id]?.session else { return }
        for _ in 0..<count {
            guard let adaptation = participants[id]?.adaptation else { return }
            let sequence = adaptation.nextTransportSequence
            let packet = ProbePaddingPacket.make(
                payloadType: stream.payloadType, sequenceNumber: adaptation.nextProbeSequence,
                timestamp: UInt32(truncatingIfNeeded: now.nanoseconds / 11_111), ssrc: stream.ssrc,
                transportWideID: stream.extensionID, transportSequence: sequence)
            guard session.peer.sendRTP(packet, now: now) else { return }
            participants[id]?.adaptation.nextProbeSequence = adaptation.nextProbeSequence &+ 1
            participants[id]?.adaptation.nextTransportSequence = sequence &+ 1
            participants[id]?.adaptation.estimator.packetSent(
                SentPacket(sequenceNumber: sequence, size: packet.count + Self.srtpOverhead, sendTime: now,
                           probeClusterID: probe.cluster.id))
        }
    }

    // MARK: - Publishers

    /// Tells a publisher it may send up to ``publisherMaxBitrate`` (REMB on its video SSRCs),
    /// so a browser sends all its simulcast layers from the start; never above the room's
    /// operator bitrate cap (``PublisherBitrateCap``) while one is set.
    private func sendPublisherREMB(to id: BeepCalls.ParticipantID, now: MonotonicTime) {
        guard let participant = participants[id], let session = participant.session else { return }
        if let last = participant.lastPublisherREMB, now - last < Self.publisherREMBInterval { return }
        var ssrcs: [UInt32] = []
        for producer in participant.producers.values.sorted() {
            if simulcastProducers.contains(producer) {
                ssrcs += (router.simulcastLayers(of: producer)?.encodings ?? []).map(\.ssrc).filter { $0 != 0 }
            } else if let parameters = router.parameters(of: producer), parameters.kind == .video {
                ssrcs.append(parameters.ssrc)
            }
        }
        guard !ssrcs.isEmpty else { return }
        let remb = ReceiverEstimatedMaxBitrate(senderSSRC: feedbackSSRC, bitrate: min(Self.publisherMaxBitrate, bitrateCap.bitsPerSecond ?? .max),
                                                  ssrcs: ssrcs)
        guard let bytes = try? RTCPCompound(packets: [.receiverEstimatedMaxBitrate(remb)]).serialize() else { return }
        if session.peer.sendRTCP(bytes) { participants[id]?.lastPublisherREMB = now }
    }

    // MARK: - Control

    /// Pauses (muted) or restarts at the lowest layer (unmuted) a simulcast producer's consumers.
    func setSimulcastMuted(_ producer: ProducerID, muted: Bool, now: MonotonicTime) {
        if muted { mutedProducers.insert(producer) } else { mutedProducers.remove(producer) }
        let layer: SimulcastLayer? = muted ? nil : Self.startLayer
        for (consumer, entry) in consumers where entry.producer == producer {
            try? router.setSimulcastLayer(consumer, to: layer, now: now)
            participants[entry.subscriber]?.adaptation.controller.seed(consumer, layer: layer)
        }
    }

    /// Sets an operator's limits on what a participant receives; false when it is not here.
    func setLimits(_ limits: SubscriberLimits, for id: BeepCalls.ParticipantID) -> Bool {
        guard participants[id] != nil else { return false }
        participants[id]?.adaptation.limits = limits
        return true
    }

    /// Applies the send-path test hook to a participant's transport; false when it has none.
    func setLinkHook(_ settings: LinkTestSettings, for id: BeepCalls.ParticipantID) -> Bool {
        guard let session = participants[id]?.session else { return false }
        session.setLinkHook(settings)
        return true
    }
}

extension RoomWorker {
    /// The simulcast producers' counters (their encodings), for the admin stats.
    func simulcastProducerStats() -> [SimulcastProducerStats] { router.simulcastProducerStats() }

    /// The simulcast consumers' counters and layers, for the admin stats.
    func simulcastConsumerStats() -> [SimulcastConsumerStats] { router.simulcastConsumerStats() }

    /// Every subscriber's estimate, limits and video layers, sorted by participant.
    func adaptationStats() -> [SubscriberAdaptationStats] {
        participants.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { id in
            guard let participant = participants[id] else { return nil }
            let adaptation = participant.adaptation
            let estimate = adaptation.estimator.estimate
            let layers = consumers.filter { $0.value.subscriber == id && $0.value.kind != .audio }
                .sorted { $0.key < $1.key }
                .map { consumer, entry -> ConsumerLayerStats in
                    let publisher = BeepSFU.ParticipantID(producerOwners[entry.producer]?.participant.rawValue ?? "")
                    if entry.simulcast {
                        let layers = router.simulcastLayer(of: consumer)
                        let rid = layers?.current.flatMap { current in
                            router.simulcastLayers(of: entry.producer)?.encodings[safe: current.spatial]?.rid
                        }
                        return ConsumerLayerStats(consumer: consumer, producer: entry.producer, publisher: publisher,
                                                  kind: entry.kind.rawValue, simulcast: true, targetLayer: layers?.target,
                                                  currentLayer: layers?.current, rid: rid)
                    }
                    let layer = adaptation.controller.layer(of: consumer)
                    return ConsumerLayerStats(consumer: consumer, producer: entry.producer, publisher: publisher,
                                              kind: entry.kind.rawValue, simulcast: false, targetLayer: layer,
                                              currentLayer: layer, rid: nil)
                }
            let drops = participant.session?.linkHookDrops
            return SubscriberAdaptationStats(
                participant: BeepSFU.ParticipantID(id.rawValue), targetBitrate: estimate.target,
                delayBasedBitrate: estimate.delayBased, lossBasedBitrate: estimate.lossBased,
                acknowledgedBitrate: estimate.acknowledged, source: estimate.source.rawValue,
                lossFraction: estimate.lossFraction, overloadCuts: estimate.overloadCuts, allocatedBitrate: adaptation.allocatedBitrate,
                desiredBitrate: adaptation.desiredBitrate, limits: adaptation.limits,
                link: participant.session?.linkHook?.settings, linkDroppedByCap: drops?.cap,
                linkDroppedRandomly: drops?.random, probesSent: adaptation.probesSent,
                probesSucceeded: adaptation.probesSucceeded,
                refusedRetransmissions: adaptation.pacer.refusedRetransmissions,
                pacerQueuedBytes: adaptation.pacer.queuedBytes, layers: layers,
                recentDecisions: adaptation.decisions.records)
        }
    }
}

extension Array {
    /// The element at `index`, nil when out of range.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
