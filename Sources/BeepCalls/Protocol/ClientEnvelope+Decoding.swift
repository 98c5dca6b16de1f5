import Foundation

extension ClientEnvelope {
    /// Decodes one WebSocket text frame (docs/signalling.md, "Envelope").
    ///
    /// The size cap is checked before any parsing. Every failure is a ``SignallingError``:
    /// `too_large`, `unsupported_version`, or `bad_request` naming the field.
    public static func decode(frame: [UInt8]) throws(SignallingError) -> ClientEnvelope {
        guard frame.count <= SignallingLimits.maximumFrameBytes else {
            throw SignallingError(.tooLarge,
                                  "frame of \(frame.count) bytes exceeds \(SignallingLimits.maximumFrameBytes)")
        }
        do {
            return try JSONDecoder().decode(DecodedClientEnvelope.self, from: Data(frame)).envelope
        } catch let error as SignallingError {
            throw error
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.isEmpty {
            throw SignallingError(.badRequest, "frame is not a JSON object")
        } catch {
            throw SignallingError(.badRequest, "frame is not valid JSON")
        }
    }

    /// Best effort: the `id` of a frame that failed to decode, so the error reply can carry
    /// `inReplyTo`. Returns `nil` for oversized frames, non-objects or a missing/invalid id.
    public static func requestID(ofUndecodableFrame frame: [UInt8]) -> String? {
        guard frame.count <= SignallingLimits.maximumFrameBytes,
              let probe = try? JSONDecoder().decode(RequestIDProbe.self, from: Data(frame)),
              let id = probe.id, id.count <= SignallingLimits.maximumRequestIDLength
        else { return nil }
        return id
    }
}

/// Only the `id` of a frame.
private struct RequestIDProbe: Decodable {
    var id: String?
}

/// Every field name a client message may carry.
enum ClientField: String, CodingKey {
    case v, id, type
    case token, room, media
    case sdp
    case candidate, sdpMid, sdpMLineIndex
    case kind, trackId, mid, muted
    case participantId, secret
    case layer
}

/// The Decodable shell around ``ClientEnvelope``; throws ``SignallingError`` from `init(from:)`.
private struct DecodedClientEnvelope: Decodable {
    var envelope: ClientEnvelope

    init(from decoder: any Decoder) throws {
        let fields = ClientFields(container: try decoder.container(keyedBy: ClientField.self))
        guard let version = fields.optionalInt(.v) else {
            throw SignallingError(.badRequest, "field `v` is missing or not an integer")
        }
        guard SignallingProtocolVersion.supported.contains(version) else {
            throw SignallingError(.unsupportedVersion,
                                  "version \(version) is not supported; this server speaks 1 and \(SignallingProtocolVersion.current)")
        }
        let id = try fields.optionalString(.id, maxLength: SignallingLimits.maximumRequestIDLength)
        let typeName = try fields.string(.type, maxLength: SignallingLimits.maximumNameLength)
        guard let type = ClientMessageType(rawValue: typeName) else {
            throw SignallingError(.badRequest, "unknown message type `\(typeName)`")
        }
        envelope = ClientEnvelope(id: id, message: try Self.message(of: type, fields))
    }

    private static func message(of type: ClientMessageType, _ fields: ClientFields) throws -> ClientMessage {
        let short = SignallingLimits.maximumShortFieldLength
        switch type {
        case .join:
            return .join(token: try fields.string(.token, maxLength: SignallingLimits.maximumTokenLength),
                         room: try fields.string(.room, maxLength: SignallingLimits.maximumNameLength),
                         media: try fields.optionalBool(.media) ?? true)
        case .offer:
            return .offer(sdp: try fields.string(.sdp, maxLength: SignallingLimits.maximumFrameBytes))
        case .answer:
            return .answer(sdp: try fields.string(.sdp, maxLength: SignallingLimits.maximumFrameBytes))
        case .candidate:
            let index = try fields.optionalNonNegativeInt(.sdpMLineIndex)
            return .candidate(ICECandidateLine(candidate: try fields.string(.candidate, maxLength: short),
                                               sdpMid: try fields.optionalString(.sdpMid, maxLength: short),
                                               sdpMLineIndex: index))
        case .endOfCandidates:
            return .endOfCandidates
        case .publish:
            return .publish(kind: try fields.kind(), trackId: try fields.string(.trackId, maxLength: short),
                            mid: try fields.string(.mid, maxLength: short))
        case .unpublish:
            return .unpublish(kind: try fields.kind())
        case .mute:
            return .mute(kind: try fields.kind(), muted: try fields.bool(.muted))
        case .leave:
            return .leave
        case .ping:
            return .ping
        case .resume:
            return .resume(room: try fields.string(.room, maxLength: SignallingLimits.maximumNameLength),
                           participantId: ParticipantID(rawValue: try fields.string(.participantId, maxLength: short)),
                           secret: try fields.string(.secret, maxLength: short))
        case .maxLayer:
            let publisher = ParticipantID(rawValue: try fields.string(.participantId, maxLength: short))
            let kind = try fields.kind()
            guard kind != .audio else {
                throw SignallingError(.badRequest, "field `kind` must be video or screen: audio has no layers")
            }
            var layer: SimulcastLayerName?
            if let name = try fields.optionalString(.layer, maxLength: short) {
                guard let named = SimulcastLayerName(rawValue: name) else {
                    throw SignallingError(.badRequest, "field `layer` must be q, h or f")
                }
                layer = named
            }
            return .maxLayer(participantId: publisher, kind: kind, layer: layer)
        }
    }
}

/// Field readers that turn absence, `null`, wrong JSON types and over-long values into
/// `bad_request` errors naming the field.
private struct ClientFields {
    let container: KeyedDecodingContainer<ClientField>

    private func present(_ key: ClientField) -> Bool {
        container.contains(key) && ((try? container.decodeNil(forKey: key)) == false)
    }

    func optionalString(_ key: ClientField, maxLength: Int) throws(SignallingError) -> String? {
        guard present(key) else { return nil }
        guard let value = try? container.decode(String.self, forKey: key) else {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` must be a string")
        }
        guard value.utf8.count <= maxLength else {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` is longer than \(maxLength) bytes")
        }
        return value
    }

    func string(_ key: ClientField, maxLength: Int) throws(SignallingError) -> String {
        guard let value = try optionalString(key, maxLength: maxLength) else {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` is missing")
        }
        guard !value.isEmpty else {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` is empty")
        }
        return value
    }

    func optionalBool(_ key: ClientField) throws(SignallingError) -> Bool? {
        guard present(key) else { return nil }
        guard let value = try? container.decode(Bool.self, forKey: key) else {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` must be true or false")
        }
        return value
    }

    func bool(_ key: ClientField) throws(SignallingError) -> Bool {
        guard let value = try optionalBool(key) else {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` is missing")
        }
        return value
    }

    func optionalInt(_ key: ClientField) -> Int? {
        guard present(key) else { return nil }
        return try? container.decode(Int.self, forKey: key)
    }

    func optionalNonNegativeInt(_ key: ClientField) throws(SignallingError) -> Int? {
        guard present(key) else { return nil }
        guard let value = try? container.decode(Int.self, forKey: key), value >= 0, value <= 1_024 else {
            throw SignallingError(.badRequest, "field `\(key.stringValue)` must be an integer from 0 to 1024")
        }
        return value
    }

    func kind() throws(SignallingError) -> TrackKind {
        let name = try string(.kind, maxLength: SignallingLimits.maximumNameLength)
        guard let kind = TrackKind(rawValue: name) else {
            throw SignallingError(.badRequest, "field `kind` must be audio, video or screen, not `\(name)`")
        }
        return kind
    }
}
