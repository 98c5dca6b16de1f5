/// A message from a call page or bot to the server (docs/signalling.md, "Client → server").
public enum ClientMessage: Sendable, Equatable {
    /// Enter `room` with a join token; `media: false` only watches presence.
    case join(token: String, room: String, media: Bool)
    /// The client's SDP offer (RFC 8829 §5.2).
    case offer(sdp: String)
    /// The client's answer to the server's outstanding offer (RFC 8829 §5.3).
    case answer(sdp: String)
    /// A trickled ICE candidate (RFC 8838 §4).
    case candidate(ICECandidateLine)
    /// The client has gathered all candidates (RFC 8838 §8.2).
    case endOfCandidates
    /// Announces a sending track.
    case publish(kind: TrackKind, trackId: String, mid: String)
    /// Withdraws the track of a kind (screen share stop is `unpublish(.screen)`).
    case unpublish(kind: TrackKind)
    /// Mutes or unmutes the track of a kind.
    case mute(kind: TrackKind, muted: Bool)
    /// Leaves the call and keeps watching presence.
    case leave
    /// Liveness probe; answered with `pong`.
    case ping
    /// Takes back a participant whose WebSocket dropped, within the grace period, with the
    /// resume secret its last `joined` carried (protocol version 2).
    case resume(room: String, participantId: ParticipantID, secret: String)
    /// The highest simulcast layer this subscriber wants of another participant's video or
    /// screen track (a small tile asks for `q`); nil lifts the request (revision 2.2).
    case maxLayer(participantId: ParticipantID, kind: TrackKind, layer: SimulcastLayerName?)

    /// The wire `type` of this message.
    public var type: ClientMessageType {
        switch self {
        case .join: .join
        case .offer: .offer
        case .answer: .answer
        case .candidate: .candidate
        case .endOfCandidates: .endOfCandidates
        case .publish: .publish
        case .unpublish: .unpublish
        case .mute: .mute
        case .leave: .leave
        case .ping: .ping
        case .resume: .resume
        case .maxLayer: .maxLayer
        }
    }
}

/// The wire `type` strings of client messages.
public enum ClientMessageType: String, Sendable, Equatable, CaseIterable {
    /// `join`
    case join
    /// `offer`
    case offer
    /// `answer`
    case answer
    /// `candidate`
    case candidate
    /// `endOfCandidates`
    case endOfCandidates
    /// `publish`
    case publish
    /// `unpublish`
    case unpublish
    /// `mute`
    case mute
    /// `leave`
    case leave
    /// `ping`
    case ping
    /// `resume`
    case resume
    /// `maxLayer`
    case maxLayer
}

/// A decoded client frame: the optional request id and the message.
public struct ClientEnvelope: Sendable, Equatable {
    /// The client's request id, echoed as `inReplyTo` in the direct reply.
    public var id: String?
    /// The message.
    public var message: ClientMessage

    /// Creates an envelope.
    public init(id: String? = nil, message: ClientMessage) {
        self.id = id
        self.message = message
    }
}
