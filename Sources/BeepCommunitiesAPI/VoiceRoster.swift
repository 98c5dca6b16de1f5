import BeepCalls
import BeepEventsOutbox
import BeepPlatformCore
import Hummingbird
import Synchronization

/// One participant of a voice channel's call.
public struct VoiceParticipantJSON: Codable, Sendable, Hashable {
    /// The call's id for this connection (one user may join from two devices).
    public var participantId: String
    /// The user.
    public var userId: UserID

    /// A participant from its parts.
    public init(participantId: String, userId: UserID) {
        self.participantId = participantId
        self.userId = userId
    }
}

/// A voice channel's participants after a join or a leave.
public struct VoiceParticipantsChange: Sendable, Hashable {
    /// The voice channel (its call room is `voice-<channelId>`).
    public var channelID: Snowflake
    /// Everyone in the call now, by participant id.
    public var participants: [VoiceParticipantJSON]

    /// A change from its parts.
    public init(channelID: Snowflake, participants: [VoiceParticipantJSON]) {
        self.channelID = channelID
        self.participants = participants
    }
}

/// Who is in each voice channel's call, kept from the call hub's media commands
/// (`participantJoined`/`participantLeft`, which the hub emits whether media runs in process
/// or on a separate `beep-sfu`). Rooms not named `voice-<channel id>` are ignored; a participant
/// whose identity is not a user id is ignored. With ``shared`` (PostgreSQL), every process's
/// roster is merged there (``currentParticipants(channel:)``).
public final class VoiceRoster: Sendable {
    private let rooms = Mutex<[Snowflake: [ParticipantID: UserID]]>([:])
    /// The participants of every process's calls (nil: this process's only).
    public let shared: SharedLiveState?

    /// An empty roster; `shared` merges it with other processes'.
    public init(shared: SharedLiveState? = nil) {
        self.shared = shared
    }

    /// The channel of a call room name, if it is a voice channel's.
    public static func channel(ofRoom room: String) -> Snowflake? {
        guard room.hasPrefix("voice-") else { return nil }
        return Snowflake(String(room.dropFirst("voice-".count)))
    }

    /// Applies a media command; returns the channel's new participants when it changed them.
    public func apply(_ command: MediaCommand) -> VoiceParticipantsChange? {
        switch command {
        case .participantJoined(let room, let participant, let identity, _):
            guard let channel = Self.channel(ofRoom: room), let user = UserID(identity) else { return nil }
            return rooms.withLock { rooms in
                rooms[channel, default: [:]][participant] = user
                return Self.change(channel, rooms[channel] ?? [:])
            }
        case .participantLeft(let room, let participant):
            guard let channel = Self.channel(ofRoom: room) else { return nil }
            return rooms.withLock { rooms in
                guard rooms[channel]?.removeValue(forKey: participant) != nil else { return nil }
                let left = rooms[channel] ?? [:]
                if left.isEmpty { rooms[channel] = nil }
                return Self.change(channel, left)
            }
        default:
            return nil
        }
    }

    /// The channel's participants in this process's calls now, by participant id.
    public func participants(channel: Snowflake) -> [VoiceParticipantJSON] {
        Self.change(channel, rooms.withLock { $0[channel] ?? [:] }).participants
    }

    /// The channel's participants in every process's calls (shared), else in this process's.
    /// When the shared state cannot be read, this process's participants.
    public func currentParticipants(channel: Snowflake) async -> [VoiceParticipantJSON] {
        guard let shared else { return participants(channel: channel) }
        do {
            return try await shared.state(channel.description).map(VoiceParticipantsCoding.decode) ?? []
        } catch {
            return participants(channel: channel)
        }
    }

    /// Tells the shared state this process's participants of `change`'s channel (publishing
    /// the merged list when it changed).
    public func share(_ change: VoiceParticipantsChange) async throws {
        try await shared?.set(change.channelID.description, VoiceParticipantsCoding.encode(change.participants))
    }

    /// Renews this process's leases in the shared state (re-setting rows swept meanwhile).
    public func renewShared() async throws {
        guard let shared else { return }
        let held = rooms.withLock { $0 }
        var values: [String: String] = [:]
        for channel in held.keys {
            if let value = VoiceParticipantsCoding.encode(participants(channel: channel)) { values[channel.description] = value }
        }
        try await shared.renew(values)
    }

    private static func change(_ channel: Snowflake, _ participants: [ParticipantID: UserID]) -> VoiceParticipantsChange {
        VoiceParticipantsChange(channelID: channel, participants: participants.sorted { $0.key < $1.key }
            .map { VoiceParticipantJSON(participantId: $0.key.rawValue, userId: $0.value) })
    }
}

/// `GET /channels/{id}/voice-participants` and the body of the `voice.participants` event.
public struct VoiceParticipantsJSON: Codable, Sendable, Hashable, ResponseEncodable {
    /// The event type on the stream.
    public static let eventType = "voice.participants"
    /// The voice channel.
    public var channelId: Snowflake
    /// Its server.
    public var serverId: Snowflake
    /// Everyone in its call, by participant id.
    public var participants: [VoiceParticipantJSON]

    /// A body from its parts.
    public init(channelId: Snowflake, serverId: Snowflake, participants: [VoiceParticipantJSON]) {
        self.channelId = channelId
        self.serverId = serverId
        self.participants = participants
    }
}
