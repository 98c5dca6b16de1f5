/// Everything that drives ``CallRoomsState``: client frames, disconnects, and SFU events.
public enum CallInput: Sendable, Equatable {
    /// A WebSocket text frame from a connection, still undecoded (the size cap applies).
    case frame(ConnectionID, [UInt8])
    /// A WebSocket binary frame: always refused with `bad_request`.
    case binaryFrame(ConnectionID)
    /// An already-decoded client message.
    case message(ConnectionID, ClientEnvelope)
    /// The WebSocket closed: an implicit `leave`, and the connection stops watching.
    case disconnected(ConnectionID)
    /// The SFU offers to a participant (tracks came or went); forwarded as `offer`.
    case sfuOffer(ParticipantID, sdp: String)
    /// The SFU answers a participant's offer; forwarded as `answer` with the offer's `inReplyTo`.
    case sfuAnswer(ParticipantID, sdp: String)
    /// The SFU trickles a candidate to a participant.
    case sfuCandidate(ParticipantID, ICECandidateLine)
    /// The SFU's active-speaker detection chose a speaker in a room (`nil`: silence).
    case activeSpeaker(room: String, ParticipantID?)
}
