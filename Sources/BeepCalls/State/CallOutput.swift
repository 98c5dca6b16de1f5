/// What ``CallRoomsState`` asks its driver to do, in order.
public enum CallOutput: Sendable, Equatable {
    /// Send one server message on a connection.
    case send(ConnectionID, ServerEnvelope)
    /// Tell the SFU (through its control API) about a change.
    case media(MediaCommand)
    /// Close a connection's WebSocket: another connection resumed its participant.
    case close(ConnectionID)
}

/// A control command from signalling to the SFU. The SFU answers with ``CallInput`` cases
/// (`sfuOffer`, `sfuAnswer`, `sfuCandidate`, `activeSpeaker`).
public enum MediaCommand: Sendable, Equatable {
    /// A participant entered the call: create its peer and consumers for existing tracks
    /// (only when `permissions` has `subscribe`).
    case participantJoined(room: String, participant: ParticipantID, identity: String,
                           permissions: Set<CallPermission>)
    /// A participant left or disconnected: close its peer, producers and consumers.
    case participantLeft(room: String, participant: ParticipantID)
    /// The participant's SDP offer; the SFU answers with ``CallInput/sfuAnswer(_:sdp:)``.
    case offer(ParticipantID, sdp: String)
    /// The participant's answer to the SFU's last offer.
    case answer(ParticipantID, sdp: String)
    /// A trickled candidate from the participant (RFC 8838 §4).
    case candidate(ParticipantID, ICECandidateLine)
    /// The participant finished gathering (RFC 8838 §8.2).
    case endOfCandidates(ParticipantID)
    /// The participant publishes a track on `track.mid`.
    case publish(ParticipantID, TrackInfo)
    /// The participant withdrew the track of a kind.
    case unpublish(ParticipantID, kind: TrackKind, trackId: String)
    /// Pause (`muted`) or resume the consumers of the participant's track, without renegotiation.
    case mute(ParticipantID, kind: TrackKind, muted: Bool)
    /// The operator's bitrate cap for the room's publishers, kbit/s (nil: lifted); kept for
    /// the room until changed, applied with REMB.
    case bitrateCap(room: String, kbps: Int?)
    /// The subscriber's highest wanted layer of `publisher`'s track of `kind` (nil: no
    /// request), an upper bound for its layer allocation (docs/bandwidth-estimation.md).
    case maxLayer(ParticipantID, publisher: ParticipantID, kind: TrackKind, layer: SimulcastLayerName?)
}
