import BeepCalls
import BeepSDP
import BeepWire

extension BotEngine {
    /// A server message arrived (docs/signalling.md "Server → client").
    public func handleServer(_ envelope: ServerEnvelope) {
        let now = Self.now()
        switch envelope.message {
        case .joined(let info):
            guard envelope.inReplyTo == joinRequestID else { return }
            joinedAt = now
            participantID = info.participantId.rawValue
            name = info.name
            phase = .joined
            turnServers = options.fixedTURNServers.isEmpty ? BotTURNServers.usable(info.iceServers) : options.fixedTURNServers
            for participant in info.participants { remember(participant) }
            publishAndOffer()
        case .error(let code, let message):
            handleError(code: code, message: message, inReplyTo: envelope.inReplyTo)
        case .answer(let sdp):
            guard envelope.inReplyTo == offerRequestID else { return }
            offerRequestID = nil
            applyAnswer(sdp)
        case .offer(let sdp):
            answerServerOffer(sdp, now: now)
        case .participantJoined(let participant):
            remember(participant)
        case .participantLeft(let id):
            for receiver in receivers.values where receiver.track.participantID == id.rawValue { receiver.end(at: now) }
            mutedKinds[id.rawValue] = nil
        case .trackUnpublished(let id, let kind, _):
            for receiver in receivers.values where receiver.track.participantID == id.rawValue
                && receiver.track.kind.rawValue == Self.sdpKind(kind) {
                receiver.end(at: now)
            }
        case .muteChanged(let id, let kind, let muted):
            if muted { mutedKinds[id.rawValue, default: []].insert(kind) } else { mutedKinds[id.rawValue]?.remove(kind) }
            for receiver in receivers.values where receiver.track.participantID == id.rawValue
                && receiver.track.kind.rawValue == Self.sdpKind(kind) {
                receiver.setMuted(muted, now: now)
            }
        case .trackPublished(let id, let track):
            if track.muted { mutedKinds[id.rawValue, default: []].insert(track.kind) }
            if track.kind == .video { askMaxLayer(of: id) }
        case .removed(let reason):
            // After `leave` the server may still take the participant out (it saw DTLS close
            // before the `leave` message): the bot is gone either way.
            guard phase != .left else { return }
            fail(BotError(.callFailed, "removed from the call by the server: \(reason.rawValue)"))
        case .candidate, .activeSpeaker, .presence, .pong, .participantConnection, .connectionQuality:
            break
        }
    }

    /// The server closed the signalling connection.
    public func signallingClosed() {
        guard !scriptFinished else { return }
        switch phase {
        case .left, .failed: break
        default: fail(BotError(.callFailed, "the server closed the signalling connection"))
        }
    }

    static func sdpKind(_ kind: TrackKind) -> String { kind == .audio ? "audio" : "video" }

    private func remember(_ participant: ParticipantInfo) {
        participants[participant.participantId.rawValue] = (participant.identity, participant.name)
        for track in participant.tracks where track.muted {
            mutedKinds[participant.participantId.rawValue, default: []].insert(track.kind)
        }
        if participant.tracks.contains(where: { $0.kind == .video }) { askMaxLayer(of: participant.participantId) }
        for receiver in receivers.values where receiver.track.participantID == participant.participantId.rawValue {
            receiver.identity = participant.identity
            receiver.name = participant.name
        }
    }

    /// `--max-layer`: asks the SFU for at most that simulcast layer of a participant's camera
    /// (signalling `maxLayer`, docs/signalling.md revision 2.2).
    private func askMaxLayer(of participant: ParticipantID) {
        guard let layer = options.maxLayer, participant.rawValue != participantID else { return }
        send(.maxLayer(participantId: participant, kind: .video, layer: layer))
    }

    private func handleError(code: SignallingErrorCode, message: String, inReplyTo: String?) {
        if inReplyTo != nil, inReplyTo == joinRequestID {
            switch code {
            case .unauthorized, .tokenExpired, .wrongRoom:
                fail(BotError(.tokenRefused, "token refused: \(code.rawValue): \(message)"))
            default:
                fail(BotError(.callFailed, "join refused: \(code.rawValue): \(message)"))
            }
            return
        }
        if inReplyTo != nil, inReplyTo == offerRequestID, code == .glare {
            // The SFU's offer is on its way: answer it, then offer again (we are polite).
            offerRequestID = nil
            needsOffer = true
            return
        }
        signallingErrors.append("\(code.rawValue): \(message)")
    }

    /// Announces both tracks with their mids, then offers them (as web/call/media.js does).
    private func publishAndOffer() {
        for track in localTracks {
            send(.publish(kind: track.kind == .audio ? .audio : .video, trackId: track.trackID, mid: track.mid))
        }
        if options.publishAudio, !sender.audioLive { send(.mute(kind: .audio, muted: true)) }
        if options.publishVideo, !sender.videoLive { send(.mute(kind: .video, muted: true)) }
        sendOffer()
    }

    func sendOffer() {
        needsOffer = false
        offerRequestID = send(.offer(sdp: localOffer()))
    }

    /// The next offer: the published tracks; a bot that publishes nothing offers receive-only
    /// audio and video instead (Beep's SFU then knows its codecs).
    func localOffer() -> String {
        descriptionVersion += 1
        return BotDescriptions.offer(tracks: localTracks, transport: transport, sessionID: sessionID,
                                     version: descriptionVersion,
                                     receiveOnly: localTracks.isEmpty ? [.audio, .video] : []).serialized()
    }

    func applyAnswer(_ sdp: String) {
        do {
            let description = try SessionDescription.parse(sdp)
            startPeer(remote: try BotDescriptions.remoteTransport(of: description))
        } catch let error as BotError {
            fail(error)
        } catch {
            fail(BotError(.callFailed, "the SFU's answer does not parse: \(error)"))
        }
    }

    private func answerServerOffer(_ sdp: String, now: MonotonicTime) {
        guard let answer = acceptRemoteOffer(sdp, now: now) else { return }
        send(.answer(sdp: answer))
        if needsOffer { sendOffer() }
    }

    /// Takes an SFU offer: starts receivers for the tracks it sends (`relabel` may rename their
    /// publishers: Janus's msids do not name them), ends those it no longer sends, starts the
    /// peer session; returns the answer, or nil when the offer is unusable.
    func acceptRemoteOffer(_ sdp: String, now: MonotonicTime,
                           relabel: (OfferedRemoteTrack) -> OfferedRemoteTrack = { $0 }) -> String? {
        let description: SessionDescription
        let remote: RemoteTransport
        do {
            description = try SessionDescription.parse(sdp)
            remote = try BotDescriptions.remoteTransport(of: description)
        } catch {
            signallingErrors.append("unusable SFU offer: \(error)")
            return nil
        }
        descriptionVersion += 1
        let (answer, offeredTracks) = BotDescriptions.answer(to: description, localTracks: localTracks,
                                                             transport: transport, sessionID: sessionID,
                                                             version: descriptionVersion)
        let tracks = offeredTracks.map(relabel)
        let offered = Set(tracks.map(\.ssrc))
        for (ssrc, receiver) in receivers where !offered.contains(ssrc) {
            receiver.end(at: now)
            endedReceivers.append(receiver)
            receivers[ssrc] = nil
        }
        for track in tracks where receivers[track.ssrc] == nil {
            let fallbackTone = participants[track.participantID].flatMap { options.expectedTones[$0.identity] }
            guard let receiver = try? RemoteTrackReceiver(track: track, started: started, fallbackToneHz: fallbackTone) else {
                signallingErrors.append("cannot create a decoder for \(track.kind) \(track.trackID)")
                continue
            }
            if let known = participants[track.participantID] {
                receiver.identity = known.identity
                receiver.name = known.name
            }
            let kind: TrackKind = track.kind == .audio ? .audio : .video
            if mutedKinds[track.participantID]?.contains(kind) == true { receiver.setMuted(true, now: now) }
            receivers[track.ssrc] = receiver
        }
        startPeer(remote: remote)
        return answer.serialized()
    }
}
