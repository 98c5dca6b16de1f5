import BeepBWE
import BeepCalls
import BeepDTLS
import BeepICE
import BeepNegotiation
import BeepPeer
import BeepRTP
import BeepSDP
import BeepSFU
import BeepSFUServer
import BeepSTUN
import BeepWire
import Foundation
import NIOCore

/// A room worker reachable from its own event loop only.
typealias NIOLoopBoundWorker = NIOLoopBound<RoomWorker>

/// One call room's media, owned by the event loop of the media socket the room is pinned to:
/// the SFU router, each participant's negotiation and transport. Never touched from another
/// thread; `CallMediaCoordinator` hops onto the loop to call it.
final class RoomWorker {
    typealias Signal = @Sendable (CallInput) -> Void

    struct Participant {
        var negotiation: CallNegotiation
        var permissions: Set<CallPermission>
        var session: ParticipantUDPSession?
        /// Producers by the mid of the section they arrive on.
        var producers: [String: ProducerID] = [:]
        /// Publications announced by signalling, by mid.
        var tracks: [String: TrackInfo] = [:]
        /// Sections with SSRCs but no `publish` yet, by mid.
        var pendingPublications: [String: CallNegotiation.NewPublication] = [:]
        var needsOffer = false
        /// The participant's latest description (ICE credentials, fingerprint).
        var remote: RemoteDescription?
        /// Bandwidth estimate and layer choices for what it receives.
        var adaptation = SubscriberAdaptation()
        /// When Beep last told it (as a publisher) how much it may send (REMB).
        var lastPublisherREMB: MonotonicTime?
    }

    /// One consumer: who receives it on which SSRC, what it copies.
    struct ConsumerEntry {
        var subscriber: BeepCalls.ParticipantID
        var ssrc: UInt32
        var producer: ProducerID
        var kind: TrackKind
        /// True for a simulcast producer's consumer (layers chosen by the controller).
        var simulcast: Bool
        /// The RTX SSRC of its section (probe padding), if RTX was negotiated.
        var retransmissionSSRC: UInt32?
    }

    let room: String
    private let local: STUNAddress
    private let certificate: DTLSCertificate
    let directory: SessionDirectory
    private let addressPolicy: ICEAddressPolicy
    let signal: Signal
    /// The SSRC Beep's feedback (PLI, REMB) is sent from.
    let feedbackSSRC = UInt32.random(in: 1...UInt32.max)
    var router: SFURouter
    var participants: [BeepCalls.ParticipantID: Participant] = [:]
    /// ICE-restart aliases, media-timeout and connection-quality state (RoomWorker+Reconnect).
    var reconnect = RoomReconnectState()
    /// The operator's bitrate cap for the room's publishers (RoomWorker+BitrateCap).
    var bitrateCap = PublisherBitrateCap(senderSSRC: UInt32.random(in: 1...UInt32.max))
    /// The participant and section each consumer SSRC is sent on, and its producer.
    var consumers: [ConsumerID: ConsumerEntry] = [:]
    /// Which participant and mid published each producer.
    var producerOwners: [ProducerID: (participant: BeepCalls.ParticipantID, mid: String)] = [:]
    /// Producers published with simulcast layers.
    var simulcastProducers: Set<ProducerID> = []
    /// Simulcast producers whose publisher muted them (the router cannot mute those: their
    /// consumers are paused instead).
    var mutedProducers: Set<ProducerID> = []
    /// The current dominant speaker (their camera gets priority).
    var activeSpeaker: BeepCalls.ParticipantID?
    /// When the layer controllers run next.
    var nextAdaptation: MonotonicTime?
    /// Receive rates of single-encoding videos, measured once a second.
    var producerRates = ProducerRateMeter()

    init(room: String, local: STUNAddress, certificate: DTLSCertificate, directory: SessionDirectory,
         addressPolicy: ICEAddressPolicy, signal: @escaping Signal) {
        self.room = room
        self.local = local
        self.certificate = certificate
        self.directory = directory
        self.addressPolicy = addressPolicy
        self.signal = signal
        router = SFURouter(configuration: .init(feedbackSSRC: feedbackSSRC, translateSenderReports: false))
    }

    var isEmpty: Bool { participants.isEmpty }

    /// The router's statistics snapshot (participants, producers, consumers), with each
    /// participant's round-trip time as its peer session measured it.
    func stats() -> SFUStats {
        router.stats().withRoundTripTimes { id in
            participants[BeepCalls.ParticipantID(rawValue: id.rawValue)]?.session?.peer.roundTripTime
                .map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        }
    }

    var routerTimeout: MonotonicTime? {
        MonotonicTime.earliest(router.pollTimeout(), adaptationDeadline)
    }

    // MARK: - Commands from signalling

    func handle(_ command: MediaCommand, now: MonotonicTime, workerHandle: NIOLoopBoundWorker) {
        switch command {
        case .participantJoined(_, let id, _, let permissions):
            join(id, permissions: permissions, now: now, workerHandle: workerHandle)
        case .participantLeft(_, let id):
            leave(id)
        case .offer(let id, let sdp):
            answer(id, offerSDP: sdp, now: now)
        case .answer(let id, _):
            participants[id]?.negotiation.answered()
            offerIfNeeded(id)
        case .candidate, .endOfCandidates:
            break  // ICE-lite learns the peer's address from its checks (RFC 8445 §2.5)
        case .publish(let id, let track):
            participants[id]?.tracks[track.mid] = track
            announcePending(id, now: now)
        case .unpublish(let id, _, let trackId):
            guard let mid = participants[id]?.tracks.first(where: { $0.value.trackId == trackId })?.key else { return }
            participants[id]?.tracks[mid] = nil
            if let producer = participants[id]?.producers.removeValue(forKey: mid) { closeProducer(producer) }
        case .bitrateCap(_, let kbps):
            setBitrateCap(kbps: kbps, now: now)
        case .maxLayer(let id, let publisher, let kind, let layer):
            participants[id]?.adaptation.request(layer, publisher: publisher, kind: kind)
        case .mute(let id, let kind, let muted):
            guard let participant = participants[id] else { return }
            for (mid, track) in participant.tracks where track.kind == kind {
                guard let producer = participant.producers[mid] else { continue }
                if simulcastProducers.contains(producer) {
                    setSimulcastMuted(producer, muted: muted, now: now)
                } else if muted {
                    try? router.muteProducer(producer)
                } else {
                    try? router.unmuteProducer(producer, now: now)
                }
            }
        }
        flushRouter(now: now)
    }

    private func join(_ id: BeepCalls.ParticipantID, permissions: Set<CallPermission>, now: MonotonicTime,
                      workerHandle: NIOLoopBoundWorker) {
        guard participants[id] == nil else { return }
        try? router.addParticipant(BeepSFU.ParticipantID(id.rawValue))
        scheduleAdaptation(now: now)
        let credentials = BeepICE.ICECredentials.random()
        let transport = LocalTransport(iceUfrag: credentials.ufrag, icePassword: credentials.password,
                                       fingerprint: certificate.fingerprint, setup: .passive, candidates: [local])
        participants[id] = Participant(
            negotiation: CallNegotiation(transport: transport, sessionID: UInt64.random(in: 1...(UInt64.max >> 2))),
            permissions: permissions)
        let room = self.room
        directory.announce(PendingSession(localUfrag: credentials.ufrag, localPassword: credentials.password) { _, now in
            workerHandle.value.makeSession(for: id, room: room, now: now)
        })
    }

    /// Called on the socket's loop when the participant's first valid check arrives.
    func makeSession(for id: BeepCalls.ParticipantID, room: String, now: MonotonicTime) -> any UDPSession {
        guard let participant = participants[id], let remote = participant.remote else { return ClosedUDPSession() }
        let wallClock = Date().timeIntervalSince1970 - Double(now.nanoseconds) / 1e9
        var clockRates: [UInt8: UInt32] = [:]
        for kind in [BeepSDP.MediaKind.audio, BeepSDP.MediaKind.video] {
            if let pt = participant.negotiation.payloadType(for: kind) {
                clockRates[pt] = kind == .audio ? 48_000 : 90_000
            }
        }
        let transport = participant.negotiation.transport
        let configuration = PeerSessionConfiguration(
            ice: ICEAgentConfiguration(mode: .lite, localCredentials: BeepICE.ICECredentials(
                ufrag: transport.iceUfrag, password: transport.icePassword), addressPolicy: addressPolicy),
            remoteCredentials: BeepICE.ICECredentials(ufrag: remote.iceUfrag, password: remote.icePassword),
            localCandidates: [.host(local)], certificate: certificate, remoteFingerprint: remote.fingerprint,
            dtlsRole: .server,
            // NACKs are answered from the router's per-producer cache, not the session's history.
            rtcp: PeerRTCPConfiguration(cname: "beep-\(room)", reporterSSRC: UInt32.random(in: 1...UInt32.max),
                                        clockRates: clockRates, wallClockAtOrigin: NTPTimestamp(unixSeconds: wallClock),
                                        keepsSendHistory: false))
        guard let peer = try? PeerSession(configuration: configuration, now: now) else { return ClosedUDPSession() }
        let session = ParticipantUDPSession(peer: peer, participant: BeepSFU.ParticipantID(id.rawValue), room: self)
        participants[id]?.session = session
        return session
    }

    private func leave(_ id: BeepCalls.ParticipantID) {
        guard let participant = participants.removeValue(forKey: id) else { return }
        directory.withdraw(localUfrag: participant.negotiation.transport.iceUfrag)
        forgetReconnectState(of: id)
        participant.session?.peer.close()
        for producer in participant.producers.values { closeProducer(producer) }
        for (consumer, entry) in consumers where entry.subscriber == id { consumers[consumer] = nil }
        router.removeParticipant(BeepSFU.ParticipantID(id.rawValue))
        if activeSpeaker == id { activeSpeaker = nil }
    }

    // MARK: - Negotiation

    private func answer(_ id: BeepCalls.ParticipantID, offerSDP: String, now: MonotonicTime) {
        guard participants[id] != nil else { return }
        let remote: RemoteDescription
        do {
            remote = try RemoteDescription(try SessionDescription.parse(offerSDP))
        } catch {
            return  // the signalling layer already validated the envelope; a bad SDP gets no answer
        }
        restartICEIfNeeded(id, offered: remote, now: now)
        participants[id]?.remote = remote
        guard let (answer, publications) = participants[id]?.negotiation.answer(offer: remote) else { return }
        for publication in publications { participants[id]?.pendingPublications[publication.mid] = publication }
        signal(.sfuAnswer(id, sdp: answer.serialized()))
        announcePending(id, now: now)
        subscribeNewcomer(id, now: now)
        offerIfNeeded(id)
    }

    /// Producers for publications that have both their SSRC (from the offer) and their track
    /// (from `publish`); then consumers for every other participant allowed to subscribe.
    private func announcePending(_ id: BeepCalls.ParticipantID, now: MonotonicTime) {
        guard let participant = participants[id] else { return }
        for (mid, publication) in participant.pendingPublications {
            guard let track = participant.tracks[mid], participant.permissions.contains(track.kind.requiredPermission)
            else { continue }
            participants[id]?.pendingPublications[mid] = nil
            let kind: BeepSFU.MediaKind = publication.kind == .audio ? .audio : .video
            var extensions = RTPHeaderExtensionMap()
            for extensionMap in publication.headerExtensions {
                if let extensionID = UInt8(exactly: extensionMap.id) { _ = try? extensions.register(id: extensionID, uri: extensionMap.uri) }
            }
            let parameters = ProducerParameters(kind: kind, codec: kind == .audio ? .opus : .vp8, ssrc: publication.ssrc,
                                                payloadType: publication.codec.payloadType,
                                                clockRate: publication.codec.clockRate, headerExtensions: extensions)
            let producer: ProducerID
            if publication.rids.isEmpty {
                guard let single = try? router.publish(parameters, from: BeepSFU.ParticipantID(id.rawValue)) else { continue }
                producer = single
            } else {
                // SSRC 0: each encoding is bound to the SSRC of its first packet naming the rid (RFC 8852 §3).
                let encodings = publication.rids.enumerated().map { index, rid in
                    SimulcastEncoding(rid: rid, ssrc: 0, temporalBitrates: Self.announcedLayerBitrates(spatial: index))
                }
                guard let layered = try? router.publishSimulcast(parameters, encodings: encodings, mid: mid,
                                                                 from: BeepSFU.ParticipantID(id.rawValue)) else { continue }
                producer = layered
                simulcastProducers.insert(producer)
            }
            participants[id]?.producers[mid] = producer
            producerOwners[producer] = (id, mid)
            if track.muted {
                if simulcastProducers.contains(producer) { mutedProducers.insert(producer) } else { try? router.muteProducer(producer) }
            }
            for subscriber in participants.keys where subscriber != id {
                consume(producer, by: subscriber, now: now)
            }
        }
    }

    /// A participant whose first offer was just answered receives everything already published.
    private func subscribeNewcomer(_ id: BeepCalls.ParticipantID, now: MonotonicTime) {
        for (producer, owner) in producerOwners where owner.participant != id {
            guard !consumers.values.contains(where: { $0.subscriber == id && $0.producer == producer }) else { continue }
            consume(producer, by: id, now: now)
        }
    }

    private func consume(_ producer: ProducerID, by subscriber: BeepCalls.ParticipantID, now: MonotonicTime) {
        guard let participant = participants[subscriber], participant.permissions.contains(.subscribe),
              participant.negotiation.established,
              let owner = producerOwners[producer], let track = participants[owner.participant]?.tracks[owner.mid]
        else { return }
        let simulcast = simulcastProducers.contains(producer)
        let isAudio = !simulcast && router.parameters(of: producer)?.kind == .audio
        guard simulcast || router.parameters(of: producer) != nil else { return }
        let sdpKind: BeepSDP.MediaKind = isAudio ? .audio : .video
        guard let payloadType = participant.negotiation.payloadType(for: sdpKind) else { return }
        let ssrc = UInt32.random(in: 1...UInt32.max)
        let rtx = !isAudio && participant.negotiation.retransmissionPayloadType != nil
            ? UInt32.random(in: 1...UInt32.max) : nil
        let stream = SendingStream(ssrc: ssrc, streamID: owner.participant.rawValue, trackID: track.trackId,
                                   cname: "beep-\(owner.participant.rawValue)", retransmissionSSRC: rtx)
        let consumerParameters = ConsumerParameters(ssrc: ssrc, payloadType: payloadType,
                                                    headerExtensions: participant.negotiation.extensionMap)
        let subscriberID = BeepSFU.ParticipantID(subscriber.rawValue)
        guard participants[subscriber]?.negotiation.addSubscription(kind: sdpKind, stream: stream) != nil else { return }
        let created: ConsumerID?
        if simulcast {
            // The lowest layer at once (a first picture needs no upgrade hold); the controller
            // moves it from there.
            let start: SimulcastLayer? = mutedProducers.contains(producer) ? nil : Self.startLayer
            created = try? router.consumeSimulcast(producer, by: subscriberID, parameters: consumerParameters,
                                                   layer: start, now: now)
            if let created { participants[subscriber]?.adaptation.controller.seed(created, layer: start) }
        } else {
            created = try? router.consume(producer, by: subscriberID, parameters: consumerParameters, now: now)
            if let created, !isAudio { participants[subscriber]?.adaptation.controller.seed(created, layer: Self.singleLayer) }
        }
        guard let consumer = created else { return }
        consumers[consumer] = ConsumerEntry(subscriber: subscriber, ssrc: ssrc, producer: producer, kind: track.kind,
                                            simulcast: simulcast, retransmissionSSRC: rtx)
        participants[subscriber]?.needsOffer = true
        offerIfNeeded(subscriber)
    }

    private func closeProducer(_ producer: ProducerID) {
        router.unpublish(producer)
        producerOwners[producer] = nil
        simulcastProducers.remove(producer)
        mutedProducers.remove(producer)
        for (consumer, entry) in consumers where entry.producer == producer {
            consumers[consumer] = nil
            participants[entry.subscriber]?.negotiation.endSubscription(ssrc: entry.ssrc)
            participants[entry.subscriber]?.needsOffer = true
            offerIfNeeded(entry.subscriber)
        }
    }

    /// Sends a server offer when sections changed and none is outstanding (docs/signalling.md).
    private func offerIfNeeded(_ id: BeepCalls.ParticipantID) {
        guard let participant = participants[id], participant.needsOffer, participant.negotiation.established,
              !participant.negotiation.serverOfferOutstanding else { return }
        participants[id]?.needsOffer = false
        guard let offer = participants[id]?.negotiation.makeOffer() else { return }
        signal(.sfuOffer(id, sdp: offer.serialized()))
    }

    // MARK: - Media

    func received(rtp packet: [UInt8], from participant: BeepSFU.ParticipantID, now: MonotonicTime) {
        router.handleRTP(from: participant, packet: packet, now: now)
        flushRouter(now: now)
    }

    func received(rtcp packet: [UInt8], from participant: BeepSFU.ParticipantID, now: MonotonicTime) {
        feedEstimator(rtcp: packet, from: participant, now: now)
        router.handleRTCP(from: participant, packet: packet, now: now)
        // RTP the router sends in answer to a participant's RTCP answers its NACKs.
        flushRouter(now: now, retransmissions: true)
    }

    func handleTimeout(now: MonotonicTime) {
        sampleConnectionQualityIfDue(now: now)
        sendBitrateCapIfDue(now: now)
        if let deadline = router.pollTimeout(), deadline <= now {
            router.handleTimeout(now: now)
            flushRouter(now: now)
        }
        if let deadline = adaptationDeadline, deadline <= now {
            adapt(now: now)
            flushRouter(now: now)
        }
    }

    func flushRouter(now: MonotonicTime, retransmissions: Bool = false) {
        while let output = router.pollOutput() {
            switch output {
            case .rtp(let to, let packet):
                sendMedia(packet, to: to, retransmission: retransmissions, now: now)
            case .rtcp(let to, let packet):
                session(of: to)?.peer.sendRTCP(packet)
            case .event(.activeSpeakerChanged(let speaker)):
                activeSpeaker = BeepCalls.ParticipantID(rawValue: speaker.rawValue)
                signal(.activeSpeaker(room: room, BeepCalls.ParticipantID(rawValue: speaker.rawValue)))
            case .event:
                break
            }
        }
    }

    func session(of participant: BeepSFU.ParticipantID) -> ParticipantUDPSession? {
        participants[BeepCalls.ParticipantID(rawValue: participant.rawValue)]?.session
    }
}

/// A session that could not be created; the driver forgets it at once.
final class ClosedUDPSession: UDPSession {
    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {}
    func handleTimeout(now: MonotonicTime) {}
    func pollTransmit() -> UDPTransmit? { nil }
    func pollTimeout() -> MonotonicTime? { nil }
    var isClosed: Bool { true }
}
