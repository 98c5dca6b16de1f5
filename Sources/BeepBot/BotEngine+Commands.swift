import BeepCalls
import BeepPeer
import BeepSRTP
import BeepWire
import NIOCore

extension BotEngine {
    /// Sends `join` (the script's first step).
    public func join() {
        guard phase == .idle else { return }
        phase = .joining
        joinRequestID = send(.join(token: options.token, room: options.room, media: true))
    }

    /// Audio on or off (`speak`/`unmute`, `mute`), announced with `mute`.
    public func setAudio(live: Bool) {
        guard options.publishAudio, sender.audioLive != live else { return }
        sender.audioLive = live
        if participantID != nil { send(.mute(kind: .audio, muted: !live)) }
    }

    /// Camera off: announce first, stop sending shortly after (receivers stop timing freezes
    /// before frames stop). Camera on: send again (a key frame first), then announce.
    public func setCamera(on: Bool) {
        guard options.publishVideo, sender.videoLive != on else { return }
        if on {
            sender.videoLive = true
            sender.requestKeyFrame()
            if participantID != nil { send(.mute(kind: .video, muted: false)) }
        } else {
            if participantID != nil { send(.mute(kind: .video, muted: true)) }
            guard let handle = selfHandle else { return sender.videoLive = false }
            _ = loop.scheduleTask(in: .milliseconds(300)) { handle.value.sender.videoLive = false }
        }
    }

    /// Leaves the call: stops counting what it receives, announces `leave`, and keeps sending
    /// until ``closeMedia()`` (the script waits a moment in between, so others learn of the
    /// departure before the media stops, as they do for camera off).
    public func leave() {
        let now = Self.now()
        finishReceiving(at: now)
        if phase != .idle && phase != .left { send(.leave) }
        if case .failed = phase {} else { phase = .left }
    }

    /// Stops media and closes DTLS and ICE.
    public func closeMedia() {
        stopMedia()
        guard let peer, !peer.isFinished else { return }
        peer.close()
        drivePeer(now: Self.now())
    }

    /// Ends every receiver's observation at `now`.
    func finishReceiving(at now: MonotonicTime) {
        for receiver in receivers.values { receiver.end(at: now) }
    }

    /// Stops everything at the end of the run.
    public func shutdown() {
        if phase != .left { leave() }
        closeMedia()
        timer?.task.cancel()
        timer = nil
        outgoing.finish()
    }

    /// The run's report, judged against the criteria (`error`: what ended the run early).
    public func report(error: BotError?) -> BotReport {
        let rtt = peer?.roundTripTime
        let tracks = (endedReceivers + Array(receivers.values)).map { $0.report(rtt: rtt) }
            .sorted { ($0.name ?? $0.participantId, $0.kind) < ($1.name ?? $1.participantId, $1.kind) }
        var failures = options.criteria.failures(of: tracks)
        let complete = Set(tracks.map(\.participantId)).filter { id in
            tracks.contains { $0.participantId == id && $0.kind == "audio" }
                && tracks.contains { $0.participantId == id && $0.kind == "video" }
        }
        if complete.count < options.expectPeers {
            failures.append("received audio and video from \(complete.count) participants < --expect-peers \(options.expectPeers)")
        }
        var sentReport = sender.sent
        sentReport.simulatedDrops = simulatedDrops
        var seen: [String: String] = [:]
        for (id, participant) in participants where id != participantID { seen[id] = participant.name }
        var finalError = error
        if finalError == nil, case .failed(let failure) = phase { finalError = failure }
        let code: Int32 = finalError?.code.exitCode
            ?? (failures.isEmpty ? 0 : BotError.Code.mediaCriteriaMissed.exitCode)
        return BotReport(room: options.room, participantId: participantID, name: name, toneHz: options.toneHz,
                         joinMs: joinedAt.map { RemoteTrackReceiver.milliseconds($0 - started) },
                         mediaConnectedMs: securedAt.map { RemoteTrackReceiver.milliseconds($0 - started) },
                         srtpProfile: peer?.srtpProfile?.name, rttMs: rtt.map(RemoteTrackReceiver.milliseconds),
                         sent: sentReport, remoteTracks: tracks, participantsSeen: seen, failures: failures,
                         ok: finalError == nil && failures.isEmpty, exitCode: code, error: finalError?.reason,
                         localCandidateType: selectedPath?.candidateType, selectedPair: selectedPath?.pair)
    }
}
