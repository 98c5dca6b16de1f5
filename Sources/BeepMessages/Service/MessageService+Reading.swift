import BeepPlatformCore
import Foundation

extension MessageService {
    /// One message of a channel the actor can see.
    /// - Throws: ``MessageError`` `.notFound`.
    public func message(actor: UserID, channel: Snowflake, id: Snowflake) async throws -> Message {
        _ = try await textChannel(channel, actor: actor)
        return try await message(id, in: channel)
    }

    /// A page of the channel's history around `anchor`, oldest first; `limit` is clamped to
    /// 1...`limits.maxHistoryPage` (50 when nil).
    /// - Throws: ``MessageError`` `.notFound`.
    public func history(actor: UserID, channel: Snowflake, anchor: HistoryAnchor = .latest, limit: Int? = nil)
        async throws -> [Message]
    {
        _ = try await textChannel(channel, actor: actor)
        let size = min(max(limit ?? 50, 1), limits.maxHistoryPage)
        return try await store.history(channel: channel, anchor: anchor, limit: size)
    }

    /// The channel's pinned messages, most recently pinned first.
    /// - Throws: ``MessageError`` `.notFound`.
    public func pins(actor: UserID, channel: Snowflake) async throws -> [Message] {
        _ = try await textChannel(channel, actor: actor)
        return try await store.pins(channel: channel)
    }
}
