import BeepEvents
import BeepEventsOutbox
import BeepPlatformCore

/// The kinds of message events, named as on the events stream (docs/events.md).
public enum MessageEventType: String, Sendable, Hashable, CaseIterable {
    /// A message was sent.
    case created = "message.created"
    /// A message's content was edited.
    case updated = "message.updated"
    /// A message was deleted.
    case deleted = "message.deleted"
    /// A message was pinned.
    case pinned = "message.pinned"
    /// A message was unpinned.
    case unpinned = "message.unpinned"
}

/// Who receives a message event: the users who could see its channel when it happened.
public struct MessageAudience: Sendable, Hashable {
    /// The channel the event is about.
    public var channelID: Snowflake
    /// Its server.
    public var serverID: Snowflake
    /// Every user who could see the channel at that moment.
    public var userIDs: Set<UserID>

    /// An audience from its parts.
    public init(channelID: Snowflake, serverID: Snowflake, userIDs: Set<UserID>) {
        self.channelID = channelID
        self.serverID = serverID
        self.userIDs = userIDs
    }

    /// Whether the user with this decimal id (as the event hub keys sessions) is in the audience;
    /// usable as `EventHub.publish(_:to:now:)`'s filter.
    public func includes(userID: String) -> Bool {
        guard let id = Snowflake(userID) else { return false }
        return userIDs.contains(id)
    }
}

/// One change of a message, ready for the events stream.
public struct MessageEvent: Sendable, Hashable {
    /// What happened.
    public var type: MessageEventType
    /// The message after the change (for `message.deleted`, as it was before deletion).
    public var message: Message
    /// Who may receive it.
    public var audience: MessageAudience

    /// An event from its parts.
    public init(type: MessageEventType, message: Message, audience: MessageAudience) {
        self.type = type
        self.message = message
        self.audience = audience
    }

    /// The body on the stream: the message as ``MessageJSON``, except for `message.deleted`
    /// which carries only `{"id","channelId","serverId"}` (the content is gone).
    public func published() throws -> PublishedEvent {
        switch type {
        case .deleted:
            try PublishedEvent(type: type.rawValue, data: MessageDeletedJSON(id: message.id, channelId: message.channelID,
                                                                             serverId: message.serverID))
        case .created, .updated, .pinned, .unpinned:
            try PublishedEvent(type: type.rawValue, data: MessageJSON(message))
        }
    }
}

extension MessageEvent {
    /// The event as the events outbox and gateway take it: its body, the audience's user ids,
    /// and its channel's stream (events of a channel arrive in commit order).
    public func staged() throws -> StagedEvent {
        StagedEvent(event: try published(), audience: Set(audience.userIDs.map(\.description)),
                    stream: StagedEvent.channelStream(message.channelID))
    }
}

/// The body of `message.deleted`.
public struct MessageDeletedJSON: Codable, Sendable, Hashable {
    /// The deleted message's id.
    public var id: Snowflake
    /// Its channel.
    public var channelId: Snowflake
    /// Its server.
    public var serverId: Snowflake

    /// A body from its parts.
    public init(id: Snowflake, channelId: Snowflake, serverId: Snowflake) {
        self.id = id
        self.channelId = channelId
        self.serverId = serverId
    }
}
