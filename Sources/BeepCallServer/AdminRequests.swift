import BeepCalls
import Foundation

/// The body of `POST /admin/rooms/{room}/participants/{participant}/mute`; both fields are
/// optional (default: mute the audio).
public struct ParticipantMuteRequest: Codable, Sendable, Equatable {
    /// The track kind (default `audio`).
    public var kind: TrackKind
    /// Mute (`true`, the default) or lift the operator's mute.
    public var muted: Bool

    /// A request.
    public init(kind: TrackKind = .audio, muted: Bool = true) {
        self.kind = kind
        self.muted = muted
    }

    /// Decodes with the defaults for missing fields.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decodeIfPresent(TrackKind.self, forKey: .kind) ?? .audio
        muted = try container.decodeIfPresent(Bool.self, forKey: .muted) ?? true
    }
}

/// The body of `POST /admin/drain` (default: start draining).
public struct DrainRequest: Codable, Sendable, Equatable {
    /// Draining on or off.
    public var draining: Bool

    /// A request.
    public init(draining: Bool = true) { self.draining = draining }

    /// Decodes with the default for a missing field.
    public init(from decoder: any Decoder) throws {
        draining = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .draining) ?? true
    }
}

/// The answer of every admin change: what was done, or why not.
public struct AdminActionReply: Codable, Sendable, Equatable {
    /// True when the change was made.
    public var ok: Bool
    /// The action (`room.limits`, ...).
    public var action: String
    /// Its target (`room:NAME`, ...).
    public var target: String
    /// The refusal's code (`bad_request`, `not_found`, `not_published`, `not_supported`).
    public var code: String?
    /// The refusal's reason.
    public var error: String?

    /// A reply.
    public init(ok: Bool, action: String, target: String, code: String? = nil, error: String? = nil) {
        self.ok = ok
        self.action = action
        self.target = target
        self.code = code
        self.error = error
    }
}

extension AdminActionReply {
    /// This reply as an HTTP answer: `status` and the reply as sorted-key JSON.
    public func answer(status: Int) -> (status: Int, json: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{\"ok\":false}".utf8)
        return (status, String(decoding: data, as: UTF8.self))
    }
}
