/// An operator's change to the call rooms, from the admin API (docs/operations.md, "Tuning").
/// ``CallRoomsState/administer(_:now:)`` carries it out.
public enum CallAdminCommand: Sendable, Equatable {
    /// Replaces a room's limits (a nil field removes that limit). The participant limit is
    /// enforced at `join` (`room_full`); a changed bitrate cap goes to the SFU as
    /// ``MediaCommand/bitrateCap(room:kbps:)`` (REMB to publishers).
    case setRoomLimits(room: String, RoomLimits)
    /// Mutes (or unmutes) a participant's published track on the server: the SFU stops
    /// forwarding it and everyone in the call gets `muteChanged`, as when the participant mutes.
    /// While muted by the operator the participant's own unmute is refused (`muted_by_admin`).
    case mute(room: String, participant: ParticipantID, kind: TrackKind, muted: Bool)
    /// Takes a participant out of the call: the others get `participantLeft` (as on `leave`),
    /// the participant gets `removed {reason: "admin"}` and stays a watcher.
    case remove(room: String, participant: ParticipantID)
    /// Draining: no new rooms (a `join` with media into a room with nobody in the call is
    /// refused with `node_draining`); calls in progress continue and accept joins.
    case setDraining(Bool)
}

/// A room's operator limits.
public struct RoomLimits: Sendable, Equatable, Hashable, Codable {
    /// At most this many participants in the call (watchers are not counted); nil: no limit.
    public var maxParticipants: Int?
    /// Each publisher's total send rate is capped at this many kilobits per second; nil: no cap.
    public var maxBitrateKbps: Int?

    /// Limits; nil fields mean "no limit".
    public init(maxParticipants: Int? = nil, maxBitrateKbps: Int? = nil) {
        self.maxParticipants = maxParticipants
        self.maxBitrateKbps = maxBitrateKbps
    }

    /// True when no limit is set.
    public var isEmpty: Bool { maxParticipants == nil && maxBitrateKbps == nil }

    /// The accepted ranges: 1-10 000 participants, 16-100 000 kbit/s.
    public static let participantRange = 1...10_000
    /// The accepted bitrate cap range, kilobits per second.
    public static let bitrateRange = 16...100_000
}

/// Why an admin command was refused; `code` maps to the HTTP status once, at the edge.
public struct CallAdminError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of refusal.
    public enum Code: String, Sendable, Equatable, Codable {
        /// A value is out of range or malformed (HTTP 400).
        case badRequest = "bad_request"
        /// No such room or participant in the call (HTTP 404).
        case notFound = "not_found"
        /// The participant has no published track of that kind (HTTP 409).
        case notPublished = "not_published"
        /// The change cannot be carried out now, e.g. signalling is shutting down (HTTP 501).
        case notSupported = "not_supported"
    }

    /// The kind.
    public var code: Code
    /// A one-line reason for the operator.
    public var reason: String

    /// An error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }
}
