/// Everything that drives ``CallRoomsState``: client frames, disconnects, and SFU events.
public enum CallInput: Sendable, Equatable {
    /// A WebSocket text frame from a connection, still undecoded (the size cap applies).
    case frame(ConnectionID, [UInt8])
    /// A WebSocket binary frame: always refused with `bad_request`.
    case binaryFrame(ConnectionID)
    /// An already-decoded client message.
    case message(ConnectionID, ClientEnvelope)
    /// The WebSocket closed: a participant in the call keeps its place for the grace period
    /// (others see it `reconnecting`); a watcher leaves the room at once.
    case disconnected(ConnectionID)
    /// Time passed: removes participants whose grace period is over. Send it at
    /// ``CallRoomsState/nextDeadline`` (or any time; it is idempotent).
    case tick
    /// The SFU offers to a participant (tracks came or went); forwarded as `offer`.
    case sfuOffer(ParticipantID, sdp: String)
    /// The SFU answers a participant's offer; forwarded as `answer` with the offer's `inReplyTo`.
    case sfuAnswer(ParticipantID, sdp: String)
    /// The SFU trickles a candidate to a participant.
    case sfuCandidate(ParticipantID, ICECandidateLine)
    /// The SFU's active-speaker detection chose a speaker in a room (`nil`: silence).
    case activeSpeaker(room: String, ParticipantID?)
    /// The SFU lost a participant's media: no packets and no ICE consent for the media
    /// timeout (RFC 7675 §5.1). It is taken out of the call and the others are told.
    case mediaTimedOut(ParticipantID)
    /// The SFU judged a participant's connection quality anew (sent only on change).
    case connectionQuality(ParticipantID, ConnectionQuality)
}
