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
    /// Large servers' members, who receive it only on sessions watching that server's member
    /// list (``PresenceAudience/memberLists``).
    public var memberLists: [Snowflake: Set<UserID>] = [:]

    /// `memberLists` keyed and valued as the event hub keys servers and sessions (decimal ids).
    public var memberListAudience: [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: memberLists.map { ($0.key.description, Set($0.value.map(\.description))) })
    }

    /// The event as the events outbox takes it, in `stream`.
    public func staged(stream: String) -> StagedEvent {
        StagedEvent(event: event, audience: Set(audience.map(\.description)), memberListAudience: memberListAudience,
                    stream: stream)
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
    /// `presence.updated` for `user`, addressed to themselves (their other devices), to the
    /// co-members of their servers of at most ``CommunityLimits/presenceFanOutMembers`` members,
    /// and to the members of larger ones on sessions watching that server's member list
    /// (docs/events.md, "Presence").
    public func presenceEvent(user: UserID, status: PresenceStatus) async throws -> AddressedEvent {
        let audience = try await presenceAudience(of: user)
        return AddressedEvent(event: try PublishedEvent(type: PresenceJSON.eventType, data: PresenceJSON(userId: user, status: status)),
                              audience: audience.everyone.union([user]), memberLists: audience.memberLists)
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
