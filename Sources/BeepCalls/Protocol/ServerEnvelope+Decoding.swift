import Foundation

extension ServerEnvelope {
    /// Decodes one server frame, as a bot client receives it (docs/signalling.md,
    /// "Server → client"). The size cap applies; failures are `bad_request`,
    /// `unsupported_version` or `too_large`.
    public static func decode(frame: [UInt8]) throws(SignallingError) -> ServerEnvelope {
        guard frame.count <= SignallingLimits.maximumFrameBytes else {
            throw SignallingError(.tooLarge,
                                  "frame of \(frame.count) bytes exceeds \(SignallingLimits.maximumFrameBytes)")
        }
        do {
            return try JSONDecoder().decode(DecodedServerEnvelope.self, from: Data(frame)).envelope
        } catch let error as SignallingError {
            throw error
        } catch let DecodingError.keyNotFound(key, _) {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw SignallingError(.badRequest, path.isEmpty ? "frame is not a JSON object" : "field `\(path)` is invalid")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw SignallingError(.badRequest, "field `\(path)` is invalid")
        } catch {
            throw SignallingError(.badRequest, "frame is not valid JSON")
        }
    }
}

/// The Decodable shell around ``ServerEnvelope``.
private struct DecodedServerEnvelope: Decodable {
    var envelope: ServerEnvelope

    private enum Field: String, CodingKey {
        case v, type, inReplyTo
        case sdp, candidate, sdpMid, sdpMLineIndex
        case participant, participantId, kind, trackId, mid, muted
        case room, members, code, message
        case identity, name, media, permissions, participants, presence, iceServers
        case resumeSecret, resumed, state, quality, reason
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Field.self)
        let version = try c.decode(Int.self, forKey: .v)
        guard SignallingProtocolVersion.supported.contains(version) else {
            throw SignallingError(.unsupportedVersion, "version \(version) is not supported")
        }
        let type = try c.decode(String.self, forKey: .type)
        let inReplyTo = try c.decodeIfPresent(String.self, forKey: .inReplyTo)
        let message: ServerMessage
        switch type {
        case "joined":
            message = .joined(JoinedInfo(
                participantId: try c.decode(ParticipantID.self, forKey: .participantId),
                room: try c.decode(String.self, forKey: .room),
                identity: try c.decode(String.self, forKey: .identity),
                name: try c.decode(String.self, forKey: .name),
                media: try c.decode(Bool.self, forKey: .media),
                permissions: try c.decode([String].self, forKey: .permissions).compactMap(CallPermission.init(rawValue:)),
                participants: try c.decode([ParticipantInfo].self, forKey: .participants),
                presence: try c.decode(Presence.self, forKey: .presence),
                iceServers: try c.decodeIfPresent([ICEServer].self, forKey: .iceServers) ?? [],
                resumeSecret: try c.decodeIfPresent(String.self, forKey: .resumeSecret),
                resumed: try c.decodeIfPresent(Bool.self, forKey: .resumed) ?? false))
        case "offer":
            message = .offer(sdp: try c.decode(String.self, forKey: .sdp))
        case "answer":
            message = .answer(sdp: try c.decode(String.self, forKey: .sdp))
        case "candidate":
            message = .candidate(ICECandidateLine(candidate: try c.decode(String.self, forKey: .candidate),
                                                  sdpMid: try c.decodeIfPresent(String.self, forKey: .sdpMid),
                                                  sdpMLineIndex: try c.decodeIfPresent(Int.self, forKey: .sdpMLineIndex)))
        case "participantJoined":
            message = .participantJoined(try c.decode(ParticipantInfo.self, forKey: .participant))
        case "participantLeft":
            message = .participantLeft(participantId: try c.decode(ParticipantID.self, forKey: .participantId))
        case "trackPublished":
            message = .trackPublished(
                participantId: try c.decode(ParticipantID.self, forKey: .participantId),
                track: TrackInfo(kind: try c.decode(TrackKind.self, forKey: .kind),
                                 trackId: try c.decode(String.self, forKey: .trackId),
                                 mid: try c.decode(String.self, forKey: .mid),
                                 muted: try c.decode(Bool.self, forKey: .muted)))
        case "trackUnpublished":
            message = .trackUnpublished(participantId: try c.decode(ParticipantID.self, forKey: .participantId),
                                        kind: try c.decode(TrackKind.self, forKey: .kind),
                                        trackId: try c.decode(String.self, forKey: .trackId))
        case "muteChanged":
            message = .muteChanged(participantId: try c.decode(ParticipantID.self, forKey: .participantId),
                                   kind: try c.decode(TrackKind.self, forKey: .kind),
                                   muted: try c.decode(Bool.self, forKey: .muted))
        case "activeSpeaker":
            message = .activeSpeaker(participantId: try c.decodeIfPresent(ParticipantID.self, forKey: .participantId))
        case "presence":
            message = .presence(Presence(room: try c.decode(String.self, forKey: .room),
                                         members: try c.decode([PresenceMember].self, forKey: .members)))
        case "error":
            // An unknown code from a newer server still reads as an error.
            let code = SignallingErrorCode(rawValue: try c.decode(String.self, forKey: .code)) ?? .internal
            message = .error(code: code, message: try c.decode(String.self, forKey: .message))
        case "pong":
            message = .pong
        case "participantConnection":
            message = .participantConnection(participantId: try c.decode(ParticipantID.self, forKey: .participantId),
                                             state: try c.decode(ParticipantConnectionState.self, forKey: .state))
        case "connectionQuality":
            message = .connectionQuality(participantId: try c.decode(ParticipantID.self, forKey: .participantId),
                                         quality: try c.decode(ConnectionQuality.self, forKey: .quality))
        case "removed":
            message = .removed(reason: try c.decode(RemovalReason.self, forKey: .reason))
        default:
            throw SignallingError(.badRequest, "unknown message type `\(type)`")
        }
        envelope = ServerEnvelope(inReplyTo: inReplyTo, message: message)
    }
}
