/// A message from the server to a call page or bot (docs/signalling.md, "Server → client").
public enum ServerMessage: Sendable, Equatable {
    /// Reply to `join`.
    case joined(JoinedInfo)
    /// Server-initiated renegotiation: the client answers with `answer` (RFC 8829 §5.2).
    case offer(sdp: String)
    /// The answer to the client's offer (RFC 8829 §5.3).
    case answer(sdp: String)
    /// A server ICE candidate (RFC 8838 §4).
    case candidate(ICECandidateLine)
    /// Someone entered the call.
    case participantJoined(ParticipantInfo)
    /// Someone left the call or disconnected.
    case participantLeft(participantId: ParticipantID)
    /// A participant published a track.
    case trackPublished(participantId: ParticipantID, track: TrackInfo)
    /// A participant withdrew a track.
    case trackUnpublished(participantId: ParticipantID, kind: TrackKind, trackId: String)
    /// A participant muted or unmuted a track.
    case muteChanged(participantId: ParticipantID, kind: TrackKind, muted: Bool)
    /// The SFU's active speaker changed (`nil`: nobody speaks).
    case activeSpeaker(participantId: ParticipantID?)
    /// The room's presence list changed.
    case presence(Presence)
    /// A request was refused.
    case error(code: SignallingErrorCode, message: String)
    /// Reply to `ping`.
    case pong
    /// A participant's signalling socket dropped (`reconnecting`) or came back (`connected`).
    case participantConnection(participantId: ParticipantID, state: ParticipantConnectionState)
    /// A participant's connection quality changed.
    case connectionQuality(participantId: ParticipantID, quality: ConnectionQuality)
    /// The server took this connection out of the call (it stays a watcher).
    case removed(reason: RemovalReason)

    /// The wire `type` string.
    public var type: String {
        switch self {
        case .joined: "joined"
        case .offer: "offer"
        case .answer: "answer"
        case .candidate: "candidate"
        case .participantJoined: "participantJoined"
        case .participantLeft: "participantLeft"
        case .trackPublished: "trackPublished"
        case .trackUnpublished: "trackUnpublished"
        case .muteChanged: "muteChanged"
        case .activeSpeaker: "activeSpeaker"
        case .presence: "presence"
        case .error: "error"
        case .pong: "pong"
        case .participantConnection: "participantConnection"
        case .connectionQuality: "connectionQuality"
        case .removed: "removed"
        }
    }
}

/// A server message with the `inReplyTo` of the client request it answers, if any.
public struct ServerEnvelope: Sendable, Equatable {
    /// The `id` of the client message this answers.
    public var inReplyTo: String?
    /// The message.
    public var message: ServerMessage

    /// Creates an envelope.
    public init(inReplyTo: String? = nil, message: ServerMessage) {
        self.inReplyTo = inReplyTo
        self.message = message
    }

    /// An `error` reply built from a refused request.
    public static func error(_ error: SignallingError, inReplyTo: String?) -> ServerEnvelope {
        ServerEnvelope(inReplyTo: inReplyTo, message: .error(code: error.code, message: error.reason))
    }
}
