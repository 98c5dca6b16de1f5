import BeepCalls
import BeepSFUControlProto

extension MediaCommand {
    /// The command as a `MediaCommandMessage` (down the Connect stream).
    public var proto: Beep_Sfu_V1_MediaCommandMessage {
        var message = Beep_Sfu_V1_MediaCommandMessage()
        switch self {
        case .participantJoined(let room, let participant, let identity, let permissions):
            var joined = Beep_Sfu_V1_ParticipantJoined()
            joined.room = room
            joined.participant = participant.rawValue
            joined.identity = identity
            joined.permissions = permissions.sorted().map(\.proto)
            message.participantJoined = joined
        case .participantLeft(let room, let participant):
            var left = Beep_Sfu_V1_ParticipantLeft()
            left.room = room
            left.participant = participant.rawValue
            message.participantLeft = left
        case .offer(let participant, let sdp):
            message.offer = sessionDescription(participant, sdp)
        case .answer(let participant, let sdp):
            message.answer = sessionDescription(participant, sdp)
        case .candidate(let participant, let line):
            message.candidate = participantCandidate(participant, line)
        case .endOfCandidates(let participant):
            var end = Beep_Sfu_V1_EndOfCandidates()
            end.participant = participant.rawValue
            message.endOfCandidates = end
        case .publish(let participant, let track):
            var publish = Beep_Sfu_V1_Publish()
            publish.participant = participant.rawValue
            publish.track = track.proto
            message.publish = publish
        case .unpublish(let participant, let kind, let trackId):
            var unpublish = Beep_Sfu_V1_Unpublish()
            unpublish.participant = participant.rawValue
            unpublish.kind = kind.proto
            unpublish.trackID = trackId
            message.unpublish = unpublish
        case .mute(let participant, let kind, let muted):
            var mute = Beep_Sfu_V1_Mute()
            mute.participant = participant.rawValue
            mute.kind = kind.proto
            mute.muted = muted
            message.mute = mute
        case .bitrateCap(let room, let kbps):
            var cap = Beep_Sfu_V1_BitrateCap()
            cap.room = room
            if let kbps { cap.maxKbps = Int32(clamping: kbps) }
            message.bitrateCap = cap
        case .maxLayer(let participant, let publisher, let kind, let layer):
            var request = Beep_Sfu_V1_MaxLayer()
            request.participant = participant.rawValue
            request.publisher = publisher.rawValue
            request.kind = kind.proto
            if let layer { request.layer = layer.rawValue }
            message.maxLayer = request
        }
        return message
    }

    /// Reads a `MediaCommandMessage`; an empty oneof, a missing track or candidate, or an unknown
    /// enum value is refused.
    public init(proto message: Beep_Sfu_V1_MediaCommandMessage) throws(SFUControlError) {
        guard let command = message.command else { throw SFUControlError(.missingField, "command") }
        switch command {
        case .participantJoined(let joined):
            var permissions = Set<CallPermission>()
            for permission in joined.permissions { permissions.insert(try CallPermission(proto: permission)) }
            self = .participantJoined(room: joined.room, participant: ParticipantID(rawValue: joined.participant),
                                      identity: joined.identity, permissions: permissions)
        case .participantLeft(let left):
            self = .participantLeft(room: left.room, participant: ParticipantID(rawValue: left.participant))
        case .offer(let offer):
            self = .offer(ParticipantID(rawValue: offer.participant), sdp: offer.sdp)
        case .answer(let answer):
            self = .answer(ParticipantID(rawValue: answer.participant), sdp: answer.sdp)
        case .candidate(let candidate):
            self = .candidate(ParticipantID(rawValue: candidate.participant), try candidate.candidateLine("candidate"))
        case .endOfCandidates(let end):
            self = .endOfCandidates(ParticipantID(rawValue: end.participant))
        case .publish(let publish):
            guard publish.hasTrack else { throw SFUControlError(.missingField, "publish.track") }
            self = .publish(ParticipantID(rawValue: publish.participant), try TrackInfo(proto: publish.track))
        case .unpublish(let unpublish):
            self = .unpublish(ParticipantID(rawValue: unpublish.participant), kind: try TrackKind(proto: unpublish.kind),
                              trackId: unpublish.trackID)
        case .mute(let mute):
            self = .mute(ParticipantID(rawValue: mute.participant), kind: try TrackKind(proto: mute.kind),
                         muted: mute.muted)
        case .bitrateCap(let cap):
            guard !cap.room.isEmpty else { throw SFUControlError(.missingField, "bitrateCap.room") }
            guard !cap.hasMaxKbps || RoomLimits.bitrateRange.contains(Int(cap.maxKbps)) else {
                throw SFUControlError(.outOfRange, "bitrateCap.maxKbps \(cap.maxKbps)")
            }
            self = .bitrateCap(room: cap.room, kbps: cap.hasMaxKbps ? Int(cap.maxKbps) : nil)
        case .maxLayer(let request):
            var layer: SimulcastLayerName?
            if request.hasLayer {
                guard let named = SimulcastLayerName(rawValue: request.layer) else {
                    throw SFUControlError(.outOfRange, "maxLayer.layer \(request.layer.prefix(16))")
                }
                layer = named
            }
            self = .maxLayer(ParticipantID(rawValue: request.participant), publisher: ParticipantID(rawValue: request.publisher),
                             kind: try TrackKind(proto: request.kind), layer: layer)
        }
    }
}
