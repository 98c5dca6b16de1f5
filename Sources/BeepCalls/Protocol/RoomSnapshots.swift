/// A published track as other participants see it (docs/signalling.md, "Track").
public struct TrackInfo: Sendable, Equatable, Hashable, Codable {
    /// What the track carries.
    public var kind: TrackKind
    /// The publisher's `MediaStreamTrack.id`.
    public var trackId: String
    /// The publisher's transceiver mid.
    public var mid: String
    /// Whether the publisher has muted it.
    public var muted: Bool

    /// Creates a track description.
    public init(kind: TrackKind, trackId: String, mid: String, muted: Bool) {
        self.kind = kind
        self.trackId = trackId
        self.mid = mid
        self.muted = muted
    }
}

/// A participant in the call as others see it (docs/signalling.md, "Participant").
public struct ParticipantInfo: Sendable, Equatable, Hashable, Codable {
    /// Server-assigned id.
    public var participantId: ParticipantID
    /// Stable user identity from the join token.
    public var identity: String
    /// Display name from the join token.
    public var name: String
    /// Published tracks, in kind order (audio, video, screen).
    public var tracks: [TrackInfo]

    /// Creates a participant description.
    public init(participantId: ParticipantID, identity: String, name: String, tracks: [TrackInfo]) {
        self.participantId = participantId
        self.identity = identity
        self.name = name
        self.tracks = tracks
    }
}

/// One identity in a room's presence list (docs/signalling.md, "Member").
public struct PresenceMember: Sendable, Equatable, Hashable, Codable {
    /// Stable user identity.
    public var identity: String
    /// Display name.
    public var name: String
    /// Whether any connection of this identity is in the call (not only watching).
    public var inCall: Bool

    /// Creates a presence entry.
    public init(identity: String, name: String, inCall: Bool) {
        self.identity = identity
        self.name = name
        self.inCall = inCall
    }
}

/// Who is in a call room, in the call or watching (issue 4 item 3, "Presence").
public struct Presence: Sendable, Equatable, Hashable, Codable {
    /// The room.
    public var room: String
    /// One entry per identity, sorted by name then identity.
    public var members: [PresenceMember]

    /// Creates a presence list.
    public init(room: String, members: [PresenceMember]) {
        self.room = room
        self.members = members
    }
}

/// The reply to `join` (docs/signalling.md, "joined").
public struct JoinedInfo: Sendable, Equatable, Hashable, Codable {
    /// The id this connection has in the room.
    public var participantId: ParticipantID
    /// The room.
    public var room: String
    /// Identity from the token.
    public var identity: String
    /// Display name from the token.
    public var name: String
    /// `true` in the call, `false` watching presence only.
    public var media: Bool
    /// Permissions from the token, in declaration order.
    public var permissions: [CallPermission]
    /// The others in the call with their tracks (empty for watchers).
    public var participants: [ParticipantInfo]
    /// The room's presence list.
    public var presence: Presence
    /// TURN servers with credentials for this participant (empty for watchers and when the
    /// server runs no TURN; then omitted on the wire).
    public var iceServers: [ICEServer]
    /// The secret that takes this participant back with `resume` after its WebSocket drops
    /// (only in the call; a fresh one in every `joined`).
    public var resumeSecret: String?
    /// True when this `joined` answers a `resume`: same participant, tracks and media.
    public var resumed: Bool

    /// Creates a `joined` payload.
    public init(participantId: ParticipantID, room: String, identity: String, name: String, media: Bool,
                permissions: [CallPermission], participants: [ParticipantInfo], presence: Presence,
                iceServers: [ICEServer] = [], resumeSecret: String? = nil, resumed: Bool = false) {
        self.participantId = participantId
        self.room = room
        self.identity = identity
        self.name = name
        self.media = media
        self.permissions = permissions
        self.participants = participants
        self.presence = presence
        self.iceServers = iceServers
        self.resumeSecret = resumeSecret
        self.resumed = resumed
    }
}
