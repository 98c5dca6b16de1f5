import Foundation

extension ClientEnvelope: Encodable {
    /// Writes the flat wire form (docs/signalling.md, "Envelope"), as a bot client sends it.
    public func encode(to encoder: any Encoder) throws {
        var out = encoder.container(keyedBy: ClientField.self)
        try out.encode(SignallingProtocolVersion.current, forKey: .v)
        try out.encode(message.type.rawValue, forKey: .type)
        try out.encodeIfPresent(id, forKey: .id)
        switch message {
        case .join(let token, let room, let media):
            try out.encode(token, forKey: .token)
            try out.encode(room, forKey: .room)
            try out.encode(media, forKey: .media)
        case .offer(let sdp), .answer(let sdp):
            try out.encode(sdp, forKey: .sdp)
        case .candidate(let line):
            try out.encode(line.candidate, forKey: .candidate)
            try out.encodeIfPresent(line.sdpMid, forKey: .sdpMid)
            try out.encodeIfPresent(line.sdpMLineIndex, forKey: .sdpMLineIndex)
        case .publish(let kind, let trackId, let mid):
            try out.encode(kind, forKey: .kind)
            try out.encode(trackId, forKey: .trackId)
            try out.encode(mid, forKey: .mid)
        case .unpublish(let kind):
            try out.encode(kind, forKey: .kind)
        case .mute(let kind, let muted):
            try out.encode(kind, forKey: .kind)
            try out.encode(muted, forKey: .muted)
        case .endOfCandidates, .leave, .ping:
            break
        case .resume(let room, let participantId, let secret):
            try out.encode(room, forKey: .room)
            try out.encode(participantId, forKey: .participantId)
            try out.encode(secret, forKey: .secret)
        case .maxLayer(let participantId, let kind, let layer):
            try out.encode(participantId, forKey: .participantId)
            try out.encode(kind, forKey: .kind)
            try out.encodeIfPresent(layer, forKey: .layer)
        }
    }

    /// The UTF-8 JSON text of one WebSocket frame, with sorted keys.
    ///
    /// Encoding strings, booleans and integers cannot fail; should it ever, the frame is a
    /// `ping`, which every server accepts.
    public func jsonFrame() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(self) { return Array(data) }
        return Array(#"{"type":"ping","v":1}"#.utf8)
    }
}
