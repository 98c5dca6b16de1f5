import BeepCalls
import BeepICE
import BeepNegotiation
import BeepPeer
import BeepSFU
import BeepSFUServer
import BeepWire

/// What a room worker keeps for reconnection and connection quality (issue 5 items 4-5).
struct RoomReconnectState {
    /// The ufrag each participant's session was first announced (and is hosted) under, once
    /// it has restarted ICE.
    var hostingUfrags: [BeepCalls.ParticipantID: String] = [:]
    /// Quality rate limiting per participant.
    var trackers: [BeepCalls.ParticipantID: ConnectionQualityTracker] = [:]
    /// Producer counters at the previous sample, per participant: (received, lost).
    var upstreamCounters: [BeepCalls.ParticipantID: (received: UInt64, lost: UInt64)] = [:]
    /// When the next quality sample is due.
    var nextSample: MonotonicTime?
    /// Participants whose media already ended (reported once).
    var ended: Set<BeepCalls.ParticipantID> = []

    /// One quality sample per second.
    static let sampleInterval: Duration = .seconds(1)
}

extension RoomWorker {
    // MARK: - ICE restart

    /// An offer whose ice-ufrag or ice-pwd differs from the previous one restarts ICE
    /// (RFC 8445 §9, RFC 8839 §4.4.1.1.1): Beep answers with new credentials of its own, the
    /// ICE-lite agent restarts with them (the old ones stay valid until the peer uses the new
    /// ufrag, and the selected pair keeps carrying media until a new one is nominated), and
    /// the socket driver learns the new ufrag. DTLS, SRTP, producers and consumers go on.
    func restartICEIfNeeded(_ id: BeepCalls.ParticipantID, offered remote: RemoteDescription, now: MonotonicTime) {
        guard let participant = participants[id], let previous = participant.remote,
              previous.iceUfrag != remote.iceUfrag || previous.icePassword != remote.icePassword else { return }
        let hosting = reconnect.hostingUfrags[id] ?? participant.negotiation.transport.iceUfrag
        reconnect.hostingUfrags[id] = hosting
        let credentials = BeepICE.ICECredentials.random()
        participants[id]?.negotiation.transport.iceUfrag = credentials.ufrag
        participants[id]?.negotiation.transport.icePassword = credentials.password
        directory.announceRestart(RestartedCredentials(hostingUfrag: hosting, localUfrag: credentials.ufrag,
                                                       localPassword: credentials.password))
        if let peer = participant.session?.peer {
            peer.ice.restart(localCredentials: credentials, now: now)
            peer.ice.setRemoteCredentials(BeepICE.ICECredentials(ufrag: remote.iceUfrag, password: remote.icePassword))
        }
    }

    /// The participant left: forget its restart aliases and any session still pending
    /// under its first ufrag.
    func forgetReconnectState(of id: BeepCalls.ParticipantID) {
        if let hosting = reconnect.hostingUfrags.removeValue(forKey: id) {
            directory.withdrawRestarts(hostingUfrag: hosting)
            directory.withdraw(localUfrag: hosting)
        }
        reconnect.trackers[id] = nil
        reconnect.upstreamCounters[id] = nil
        reconnect.ended.remove(id)
    }

    // MARK: - Media timeout

    /// The participant's transport ended: ICE consent expired (RFC 7675 §5.1: 30 s without a
    /// check from the peer, so no media either), DTLS failed, or the peer closed DTLS.
    /// Signalling removes it from the call and tells the others.
    func transportEnded(_ participant: BeepSFU.ParticipantID) {
        let id = BeepCalls.ParticipantID(rawValue: participant.rawValue)
        guard participants[id] != nil, reconnect.ended.insert(id).inserted else { return }
        signal(.mediaTimedOut(id))
    }

    // MARK: - Connection quality

    /// Samples every participant's connection once per ``RoomReconnectState/sampleInterval``
    /// and signals changed qualities (rate-limited by ``ConnectionQualityTracker``).
    func sampleConnectionQualityIfDue(now: MonotonicTime) {
        if let due = reconnect.nextSample, now < due { return }
        reconnect.nextSample = now + RoomReconnectState.sampleInterval
        let stats = self.stats()
        for participantStats in stats.participants {
            let id = BeepCalls.ParticipantID(rawValue: participantStats.id.rawValue)
            guard let peer = participants[id]?.session?.peer, !reconnect.ended.contains(id) else { continue }
            let state = peer.ice.connectionState
            let consentFresh = !(state == .disconnected || state == .failed)
            let sample = ConnectionQualitySample(
                lossFraction: lossFraction(of: id, participantStats),
                roundTripTime: peer.roundTripTime.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 },
                estimateToNeedRatio: nil, consentFresh: consentFresh)
            let quality = ConnectionQualityClassifier.classify(sample)
            if let change = reconnect.trackers[id, default: ConnectionQualityTracker()]
                .update(quality, consentLost: !consentFresh, now: now) {
                signal(.connectionQuality(id, change))
            }
        }
    }

    /// The worse of upstream loss since the last sample and the subscribers' reported loss.
    private func lossFraction(of id: BeepCalls.ParticipantID, _ stats: ParticipantStats) -> Double? {
        let received = stats.producers.reduce(UInt64(0)) { $0 &+ $1.packetsReceived }
        let lost = stats.producers.reduce(UInt64(0)) { $0 &+ $1.packetsLost }
        let previous = reconnect.upstreamCounters[id] ?? (0, 0)
        reconnect.upstreamCounters[id] = (received, lost)
        let newReceived = received >= previous.received ? received - previous.received : 0
        let newLost = lost >= previous.lost ? lost - previous.lost : 0
        var worst: Double?
        if newReceived + newLost > 0 { worst = Double(newLost) / Double(newReceived + newLost) }
        for consumer in stats.consumers {
            guard let fraction = consumer.remoteFractionLost else { continue }
            worst = max(worst ?? 0, Double(fraction) / 256)
        }
        return worst
    }
}
