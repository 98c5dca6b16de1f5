import BeepEvents
import BeepPlatformCore

/// `typing.started`: a user is typing in a channel (docs/events.md, "Typing"). Clients show it
/// for `expiresInMs` after the latest one, or until that user's next message.
public struct TypingEvent: Sendable, Hashable {
    /// The event type on the stream.
    public static let type = "typing.started"
    /// The channel.
    public var channelID: Snowflake
    /// Its server.
    public var serverID: Snowflake
    /// Who is typing.
    public var userID: UserID
    /// How long clients show it, in milliseconds.
    public var expiresInMilliseconds: Int
    /// Who receives it: the others who can see the channel.
    public var audience: Set<UserID>

    /// An event from its parts.
    public init(channelID: Snowflake, serverID: Snowflake, userID: UserID, expiresInMilliseconds: Int,
                audience: Set<UserID>) {
        self.channelID = channelID
        self.serverID = serverID
        self.userID = userID
        self.expiresInMilliseconds = expiresInMilliseconds
        self.audience = audience
    }

    /// The event as published: `{"channelId","serverId","userId","expiresInMs"}`.
    public func published() throws -> PublishedEvent {
        try PublishedEvent(type: Self.type, data: TypingJSON(channelId: channelID, serverId: serverID, userId: userID,
                                                             expiresInMs: expiresInMilliseconds))
    }
}

/// The body of `typing.started`.
public struct TypingJSON: Codable, Sendable, Hashable {
    /// The channel.
    public var channelId: Snowflake
    /// Its server.
    public var serverId: Snowflake
    /// Who is typing.
    public var userId: UserID
    /// How long to show it.
    public var expiresInMs: Int
}
