import BeepPlatformCore
import Foundation

/// One message of a text channel, as stored and as returned to clients.
///
/// Its ``id`` is a Snowflake: ids grow with time and never repeat, so ordering a channel's
/// messages by id is a total, stable order (no two messages tie). Its ``position`` numbers it in
/// its channel in the order the sends committed, which is what a client re-syncing after missed
/// events reads from (ids are drawn before the send commits, so a late commit can sit below an
/// id the client already holds; a position cannot).
public struct Message: Sendable, Hashable {
    /// The message's id (its place in the channel's history order).
    public var id: Snowflake
    /// Its place in its channel's commit order: 1, 2, 3... without gaps, given when the send
    /// commits and kept by edits and pins (deletions leave holes). 0 before it is stored.
    public var position: Int64
    /// The text channel it was sent in.
    public var channelID: Snowflake
    /// The server of that channel.
    public var serverID: Snowflake
    /// Who wrote it.
    public var authorID: UserID
    /// The markdown source (1...4000 characters).
    public var content: String
    /// The message it answers, in the same channel (it may have been deleted since).
    public var replyToID: Snowflake?
    /// Users mentioned with `@username` who could see the channel when it was written or last edited.
    public var mentions: [UserID]
    /// Whether `@everyone` was used by an author holding MENTION_EVERYONE.
    public var mentionsEveryone: Bool
    /// Channels of the same server tagged with `#channel-name`.
    public var channelTags: [Snowflake]
    /// Whether the content holds an `http://` or `https://` link.
    public var hasLink: Bool
    /// When it was pinned, `nil` when it is not.
    public var pinnedAt: Date?
    /// When it was sent.
    public var createdAt: Date
    /// When its content last changed, `nil` if never.
    public var editedAt: Date?
    /// The client's idempotency key, if it gave one (per author and channel).
    public var nonce: String?

    /// Whether it is pinned in its channel.
    public var isPinned: Bool { pinnedAt != nil }

    /// A message from its parts.
    public init(id: Snowflake, channelID: Snowflake, serverID: Snowflake, authorID: UserID, content: String,
                replyToID: Snowflake?, mentions: [UserID], mentionsEveryone: Bool, channelTags: [Snowflake],
                hasLink: Bool, pinnedAt: Date?, createdAt: Date, editedAt: Date?, nonce: String?, position: Int64 = 0) {
        self.id = id
        self.position = position
        self.channelID = channelID
        self.serverID = serverID
        self.authorID = authorID
        self.content = content
        self.replyToID = replyToID
        self.mentions = mentions
        self.mentionsEveryone = mentionsEveryone
        self.channelTags = channelTags
        self.hasLink = hasLink
        self.pinnedAt = pinnedAt
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.nonce = nonce
    }
}
