import BeepEventsOutbox
import BeepPlatformCore
import Foundation

/// The outcome of storing a new message.
public enum MessageInsertOutcome: Sendable, Hashable {
    /// The message was stored.
    case inserted(Message)
    /// A message with the same author, channel and nonce already existed: this is it (a retry).
    case existing(Message)

    /// The stored message, new or earlier.
    public var message: Message {
        switch self {
        case .inserted(let message), .existing(let message): message
        }
    }
}

/// What to search: already scoped to channels the searcher may see, names resolved to ids.
public struct MessageSearchSpec: Sendable, Hashable {
    /// Only messages of these channels (never empty when searching).
    public var channelIDs: [Snowflake]
    /// Words and phrases, all of which must match.
    public var terms: [String]
    /// The author must be one of these (empty: any author).
    public var authorIDs: [UserID]
    /// Each of these users must be mentioned.
    public var mentionIDs: [UserID]
    /// `true`: only messages with a link.
    public var hasLink: Bool?
    /// Only pinned (`true`) or unpinned (`false`) messages.
    public var pinned: Bool?
    /// Only ids strictly below.
    public var beforeID: Snowflake?
    /// Only ids strictly above.
    public var afterID: Snowflake?
    /// Newest first, or best match first.
    public var order: SearchOrder
    /// Most results.
    public var limit: Int
    /// Results to skip (relevance order pages by offset; newest order by `beforeID`).
    public var offset: Int

    /// A spec from its parts.
    public init(channelIDs: [Snowflake], terms: [String] = [], authorIDs: [UserID] = [], mentionIDs: [UserID] = [],
                hasLink: Bool? = nil, pinned: Bool? = nil, beforeID: Snowflake? = nil, afterID: Snowflake? = nil,
                order: SearchOrder = .newest, limit: Int = 25, offset: Int = 0) {
        self.channelIDs = channelIDs
        self.terms = terms
        self.authorIDs = authorIDs
        self.mentionIDs = mentionIDs
        self.hasLink = hasLink
        self.pinned = pinned
        self.beforeID = beforeID
        self.afterID = afterID
        self.order = order
        self.limit = limit
        self.offset = offset
    }
}

/// The messages service's storage. Every write keeps the message, its mentions, its channel
/// tags, its full-text index entry and its `event` (in the events outbox, when the store has
/// one: docs/events.md, "Across processes") together in one transaction.
public protocol MessageStore: Sendable {
    /// Stores a new message at the next position of its channel (positions follow commit
    /// order, without gaps) and returns it with that position; or returns the existing one with
    /// the same author, channel and nonce (also when two sends race: the unique index decides,
    /// the loser reads the winner; its `event` is then not written and it takes no position).
    /// `event`'s body holds ``StagedEvent/placeholder(_:)`` for `position`; what is recorded
    /// holds the position.
    func insert(_ message: Message, event: StagedEvent?) async throws -> MessageInsertOutcome
    /// The message, or nil.
    func message(id: Snowflake) async throws -> Message?
    /// The message an author sent in a channel with `nonce`, or nil.
    func message(author: UserID, channel: Snowflake, nonce: String) async throws -> Message?
    /// Replaces content, mentions, tags, `hasLink`, `mentionsEveryone` and `editedAt` of the
    /// stored message with `message.id`. Returns false when it no longer exists.
    func update(_ message: Message, event: StagedEvent?) async throws -> Bool
    /// Deletes the message and its index entry. Returns false when it did not exist.
    func delete(id: Snowflake, event: StagedEvent?) async throws -> Bool
    /// Pins (`at` a time) or unpins (`nil`) a message; returns it, or nil when it does not exist.
    /// - Throws: ``MessageError`` `.conflict` when pinning would exceed `maxPins` in its channel.
    func setPinned(id: Snowflake, at: Date?, maxPins: Int, event: StagedEvent?) async throws -> Message?
    /// The channel's pinned messages, most recently pinned first.
    func pins(channel: Snowflake) async throws -> [Message]
    /// Up to `limit` messages of the channel at `anchor`, oldest first (by id; by position for
    /// ``HistoryAnchor/afterPosition(_:)``).
    func history(channel: Snowflake, anchor: HistoryAnchor, limit: Int) async throws -> [Message]
    /// Messages matching `spec`, in its order.
    func search(_ spec: MessageSearchSpec) async throws -> [Message]
}

extension MessageStore {
    /// ``insert(_:event:)`` without an event.
    public func insert(_ message: Message) async throws -> MessageInsertOutcome { try await insert(message, event: nil) }
    /// ``update(_:event:)`` without an event.
    public func update(_ message: Message) async throws -> Bool { try await update(message, event: nil) }
    /// ``delete(id:event:)`` without an event.
    public func delete(id: Snowflake) async throws -> Bool { try await delete(id: id, event: nil) }
    /// ``setPinned(id:at:maxPins:event:)`` without an event.
    public func setPinned(id: Snowflake, at: Date?, maxPins: Int) async throws -> Message? {
        try await setPinned(id: id, at: at, maxPins: maxPins, event: nil)
    }
}
