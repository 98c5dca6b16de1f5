import BeepPlatformCore
import Foundation

/// A message as JSON (in HTTP responses and in event bodies). Ids are decimal strings (keys end
/// in `Id`, as in the rest of the API), times
/// ISO 8601 with milliseconds in UTC (`2026-11-29T08:00:00.000Z`), as in the rest of the API.
public struct MessageJSON: Codable, Sendable, Hashable {
    /// The message id.
    public var id: Snowflake
    /// Its place in the channel's commit order (``Message/position``): re-sync with
    /// `?afterPosition=` from the last one seen.
    public var position: Int64
    /// The channel id.
    public var channelId: Snowflake
    /// The server id.
    public var serverId: Snowflake
    /// The author's user id.
    public var authorId: UserID
    /// Markdown source.
    public var content: String
    /// The message answered, if any.
    public var replyToId: Snowflake?
    /// Mentioned users.
    public var mentions: [UserID]
    /// Whether `@everyone` applies.
    public var mentionsEveryone: Bool
    /// Tagged channels.
    public var channelTags: [Snowflake]
    /// Whether it holds a link.
    public var hasLink: Bool
    /// Whether it is pinned.
    public var pinned: Bool
    /// When it was pinned.
    public var pinnedAt: String?
    /// When it was sent.
    public var createdAt: String
    /// When it was last edited.
    public var editedAt: String?
    /// The client's nonce, echoed so a client can match its pending send.
    public var nonce: String?

    /// The JSON form of `message`.
    public init(_ message: Message) {
        id = message.id
        position = message.position
        channelId = message.channelID
        serverId = message.serverID
        authorId = message.authorID
        content = message.content
        replyToId = message.replyToID
        mentions = message.mentions
        mentionsEveryone = message.mentionsEveryone
        channelTags = message.channelTags
        hasLink = message.hasLink
        pinned = message.isPinned
        pinnedAt = message.pinnedAt.map(Self.date)
        createdAt = Self.date(message.createdAt)
        editedAt = message.editedAt.map(Self.date)
        nonce = message.nonce
    }

    /// ISO 8601 with milliseconds, UTC.
    static func date(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
