import BeepCalls
import BeepSFUControlProto

extension TrackKind {
    /// The wire value.
    var proto: Beep_Sfu_V1_TrackKind {
        switch self {
        case .audio: .audio
        case .video: .video
        case .screen: .screen
        }
    }

    /// Reads a wire value; `unspecified` and unknown values are refused.
    init(proto: Beep_Sfu_V1_TrackKind) throws(SFUControlError) {
        switch proto {
        case .audio: self = .audio
        case .video: self = .video
        case .screen: self = .screen
        case .unspecified, .UNRECOGNIZED: throw SFUControlError(.unknownValue, "track kind \(proto.rawValue)")
        }
    }
}

extension CallPermission {
    /// The wire value.
    var proto: Beep_Sfu_V1_Permission {
        switch self {
        case .publishAudio: .publishAudio
        case .publishVideo: .publishVideo
        case .publishScreen: .publishScreen
        case .subscribe: .subscribe
        }
    }

    /// Reads a wire value; `unspecified` and unknown values are refused.
    init(proto: Beep_Sfu_V1_Permission) throws(SFUControlError) {
        switch proto {
        case .publishAudio: self = .publishAudio
        case .publishVideo: self = .publishVideo
        case .publishScreen: self = .publishScreen
        case .subscribe: self = .subscribe
        case .unspecified, .UNRECOGNIZED: throw SFUControlError(.unknownValue, "permission \(proto.rawValue)")
        }
    }
}

extension ICECandidateLine {
    /// The wire value.
    var proto: Beep_Sfu_V1_Candidate {
        var message = Beep_Sfu_V1_Candidate()
        message.candidate = candidate
        if let sdpMid { message.sdpMid = sdpMid }
        if let sdpMLineIndex { message.sdpMLineIndex = Int32(clamping: sdpMLineIndex) }
        return message
    }

    /// Reads a wire value.
    init(proto: Beep_Sfu_V1_Candidate) {
        self.init(candidate: proto.candidate,
                  sdpMid: proto.hasSdpMid ? proto.sdpMid : nil,
                  sdpMLineIndex: proto.hasSdpMLineIndex ? Int(proto.sdpMLineIndex) : nil)
    }
}

extension TrackInfo {
    /// The wire value.
    var proto: Beep_Sfu_V1_Track {
        var message = Beep_Sfu_V1_Track()
        message.kind = kind.proto
        message.trackID = trackId
        message.mid = mid
        message.muted = muted
        return message
    }

    /// Reads a wire value.
    init(proto: Beep_Sfu_V1_Track) throws(SFUControlError) {
        self.init(kind: try TrackKind(proto: proto.kind), trackId: proto.trackID, mid: proto.mid, muted: proto.muted)
    }
}

/// A session description message for `participant`.
func sessionDescription(_ participant: ParticipantID, _ sdp: String) -> Beep_Sfu_V1_SessionDescription {
    var message = Beep_Sfu_V1_SessionDescription()
    message.participant = participant.rawValue
    message.sdp = sdp
    return message
}

/// A candidate message for `participant`.
func participantCandidate(_ participant: ParticipantID, _ line: ICECandidateLine) -> Beep_Sfu_V1_ParticipantCandidate {
    var message = Beep_Sfu_V1_ParticipantCandidate()
    message.participant = participant.rawValue
    message.candidate = line.proto
    return message
}

extension Beep_Sfu_V1_ParticipantCandidate {
    /// The candidate, which must be present.
    func candidateLine(_ field: String) throws(SFUControlError) -> ICECandidateLine {
        guard hasCandidate else { throw SFUControlError(.missingField, "\(field).candidate") }
        return ICECandidateLine(proto: candidate)
    }
}
