import BeepCommunities
import BeepEvents
import BeepEventsOutbox
import BeepPlatformCore

/// An event ready for the stream with the users who receive it.
public struct AddressedEvent: Sendable, Hashable {
    /// The event.
    public var event: PublishedEvent
    /// Who receives it.
    public var audience: Set<UserID>

    /// The event as the events outbox takes it, in `stream`.
    public func staged(stream: String) -> StagedEvent {
        StagedEvent(event: event, audience: Set(audience.map(\.description)), stream: stream)
    }
}

/// The body of `presence.updated`.
public struct PresenceJSON: Codable, Sendable, Hashable {
    /// The event type on the stream.
    public static let eventType = "presence.updated"
    /// Whose presence changed.
    public var userId: UserID
    /// `online`, `idle` or `offline`.
    public var status: PresenceStatus
}

extension CommunityService {
    /// `presence.updated` for `user`, addressed to everyone sharing a server with them and to
    /// themselves (their other devices) (docs/events.md, "Presence").
    public func presenceEvent(user: UserID, status: PresenceStatus) async throws -> AddressedEvent {
        var audience = try await usersSharingAServer(with: user)
        audience.insert(user)
        return AddressedEvent(event: try PublishedEvent(type: PresenceJSON.eventType, data: PresenceJSON(userId: user, status: status)),
                              audience: audience)
    }

    /// `voice.participants` for a change of a voice channel's call, addressed to the members who
    /// can see the channel (nil when the channel no longer exists) (docs/events.md, "Voice rooms").
    public func voiceParticipantsEvent(_ change: VoiceParticipantsChange) async throws -> AddressedEvent? {
        guard let channel = try await store.channel(change.channelID) else { return nil }
        let body = VoiceParticipantsJSON(channelId: channel.id, serverId: channel.serverID, participants: change.participants)
        return AddressedEvent(event: try PublishedEvent(type: VoiceParticipantsJSON.eventType, data: body),
                              audience: try await viewers(channel: channel.id))
    }
}
