import Foundation

extension ServerEnvelope: Encodable {
    private enum Field: String, CodingKey {
        case v, type, inReplyTo
        case sdp, candidate, sdpMid, sdpMLineIndex
        case participant, participantId, kind, trackId, mid, muted
        case room, members, code, message
        case identity, name, media, permissions, participants, presence, iceServers
        case resumeSecret, resumed, state, quality, reason
    }

    /// Writes the flat wire form: `v`, `type`, `inReplyTo`, then the message's fields.
    public func encode(to encoder: any Encoder) throws {
        var out = encoder.container(keyedBy: Field.self)
        try out.encode(SignallingProtocolVersion.current, forKey: .v)
        try out.encode(message.type, forKey: .type)
        try out.encodeIfPresent(inReplyTo, forKey: .inReplyTo)
        switch message {
        case .joined(let info):
            try out.encode(info.participantId, forKey: .participantId)
            try out.encode(info.room, forKey: .room)
            try out.encode(info.identity, forKey: .identity)
            try out.encode(info.name, forKey: .name)
            try out.encode(info.media, forKey: .media)
            try out.encode(info.permissions, forKey: .permissions)
            try out.encode(info.participants, forKey: .participants)
            try out.encode(info.presence, forKey: .presence)
            if !info.iceServers.isEmpty { try out.encode(info.iceServers, forKey: .iceServers) }
            try out.encodeIfPresent(info.resumeSecret, forKey: .resumeSecret)
            if info.resumed { try out.encode(true, forKey: .resumed) }
        case .offer(let sdp), .answer(let sdp):
            try out.encode(sdp, forKey: .sdp)
        case .candidate(let line):
            try out.encode(line.candidate, forKey: .candidate)
            try out.encodeIfPresent(line.sdpMid, forKey: .sdpMid)
            try out.encodeIfPresent(line.sdpMLineIndex, forKey: .sdpMLineIndex)
        case .participantJoined(let participant):
            try out.encode(participant, forKey: .participant)
        case .participantLeft(let id):
            try out.encode(id, forKey: .participantId)
        case .trackPublished(let id, let track):
            try out.encode(id, forKey: .participantId)
            try out.encode(track.kind, forKey: .kind)
            try out.encode(track.trackId, forKey: .trackId)
            try out.encode(track.mid, forKey: .mid)
            try out.encode(track.muted, forKey: .muted)
        case .trackUnpublished(let id, let kind, let trackId):
            try out.encode(id, forKey: .participantId)
            try out.encode(kind, forKey: .kind)
            try out.encode(trackId, forKey: .trackId)
        case .muteChanged(let id, let kind, let muted):
            try out.encode(id, forKey: .participantId)
            try out.encode(kind, forKey: .kind)
            try out.encode(muted, forKey: .muted)
        case .activeSpeaker(let id):
            if let id { try out.encode(id, forKey: .participantId) } else { try out.encodeNil(forKey: .participantId) }
        case .presence(let presence):
            try out.encode(presence.room, forKey: .room)
            try out.encode(presence.members, forKey: .members)
        case .error(let code, let message):
            try out.encode(code, forKey: .code)
            try out.encode(message, forKey: .message)
        case .pong:
            break
        case .participantConnection(let id, let state):
            try out.encode(id, forKey: .participantId)
            try out.encode(state, forKey: .state)
        case .connectionQuality(let id, let quality):
            try out.encode(id, forKey: .participantId)
            try out.encode(quality, forKey: .quality)
        case .removed(let reason):
            try out.encode(reason, forKey: .reason)
        }
    }

    /// The UTF-8 JSON text of one WebSocket frame, with sorted keys so output is stable.
    ///
    /// Encoding strings, booleans and integers cannot fail; should it ever, the frame is an
    /// `internal` error instead, so the caller always has something to send.
    public func jsonFrame() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(self) { return Array(data) }
        return Array(#"{"code":"internal","message":"encoding failed","type":"error","v":2}"#.utf8)
    }
}
