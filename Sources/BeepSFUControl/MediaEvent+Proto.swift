import BeepCalls
import BeepSFUControlProto

/// The SFU's events to signalling: the ``CallInput`` cases that come from the media side.
public enum MediaEvent {
    /// `input` as a `MediaEventMessage`, or `nil` when it is not an SFU event (frames,
    /// connections and client messages never cross the control API).
    public static func proto(_ input: CallInput) -> Beep_Sfu_V1_MediaEventMessage? {
        var message = Beep_Sfu_V1_MediaEventMessage()
        switch input {
        case .sfuOffer(let participant, let sdp):
            message.sfuOffer = sessionDescription(participant, sdp)
        case .sfuAnswer(let participant, let sdp):
            message.sfuAnswer = sessionDescription(participant, sdp)
        case .sfuCandidate(let participant, let line):
            message.sfuCandidate = participantCandidate(participant, line)
        case .activeSpeaker(let room, let participant):
            var speaker = Beep_Sfu_V1_ActiveSpeaker()
            speaker.room = room
            if let participant { speaker.participant = participant.rawValue }
            message.activeSpeaker = speaker
        case .frame, .binaryFrame, .message, .disconnected, .tick:
            return nil
        case .mediaTimedOut, .connectionQuality:
            return nil  // not carried by control API v1 yet: only the in-process SFU reports them
        }
        return message
    }

    /// Reads a `MediaEventMessage` as the ``CallInput`` the signalling hub takes.
    public static func input(_ message: Beep_Sfu_V1_MediaEventMessage) throws(SFUControlError) -> CallInput {
        guard let event = message.event else { throw SFUControlError(.missingField, "event") }
        switch event {
        case .sfuOffer(let offer):
            return .sfuOffer(ParticipantID(rawValue: offer.participant), sdp: offer.sdp)
        case .sfuAnswer(let answer):
            return .sfuAnswer(ParticipantID(rawValue: answer.participant), sdp: answer.sdp)
        case .sfuCandidate(let candidate):
            return .sfuCandidate(ParticipantID(rawValue: candidate.participant),
                                 try candidate.candidateLine("sfu_candidate"))
        case .activeSpeaker(let speaker):
            return .activeSpeaker(room: speaker.room,
                                  speaker.hasParticipant ? ParticipantID(rawValue: speaker.participant) : nil)
        }
    }
}
