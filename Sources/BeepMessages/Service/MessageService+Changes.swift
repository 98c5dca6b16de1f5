import BeepPermissions
import BeepPlatformCore
import Foundation

extension MessageService {
    /// Replaces the content of the actor's own message (mentions, tags and the search index
    /// follow). Another user's message is `.forbidden`, even with MANAGE_MESSAGES.
    /// - Throws: ``MessageError`` `.notFound`, `.forbidden`, `.invalid(field: "content")`.
    public func edit(actor: UserID, channel: Snowflake, message id: Snowflake, content raw: String)
        async throws -> MessageChange
    {
        let channelAccess = try await textChannel(channel, actor: actor)
        var message = try await message(id, in: channel)
        guard message.authorID == actor else { throw MessageError.forbidden("You can only edit your own messages.") }
        let content = try MessageContent.validate(raw, limits: limits)
        let references = try await resolve(content, author: actor, in: channelAccess)
        message.content = content
        message.mentions = references.mentions
        message.mentionsEveryone = references.mentionsEveryone
        message.channelTags = references.channelTags
        message.hasLink = references.hasLink
        message.editedAt = now()
        let event = try await stage(.updated, message)
        guard try await store.update(message, event: try event.staged()) else { throw MessageError.notFound("Message") }
        return MessageChange(message: message, event: await committed(event))
    }

    /// Deletes a message: the actor's own, or anyone's with MANAGE_MESSAGES.
    /// - Throws: ``MessageError`` `.notFound`, `.forbidden`.
    public func delete(actor: UserID, channel: Snowflake, message id: Snowflake) async throws -> MessageEvent {
        let channelAccess = try await textChannel(channel, actor: actor)
        let message = try await message(id, in: channel)
        guard message.authorID == actor || channelAccess.permissions.contains(.manageMessages) else {
            throw MessageError.forbidden("You can only delete your own messages.")
        }
        let event = try await stage(.deleted, message)
        guard try await store.delete(id: id, event: try event.staged()) else { throw MessageError.notFound("Message") }
        return await committed(event)
    }

    /// Pins a message (MANAGE_MESSAGES); pinning a pinned message changes nothing (`event == nil`).
    /// - Throws: ``MessageError`` `.notFound`, `.forbidden`, `.conflict` past the pin limit.
    public func pin(actor: UserID, channel: Snowflake, message id: Snowflake) async throws -> MessageChange {
        try await setPinned(true, actor: actor, channel: channel, message: id)
    }

    /// Unpins a message (MANAGE_MESSAGES); unpinning an unpinned message changes nothing.
    /// - Throws: ``MessageError`` `.notFound`, `.forbidden`.
    public func unpin(actor: UserID, channel: Snowflake, message id: Snowflake) async throws -> MessageChange {
        try await setPinned(false, actor: actor, channel: channel, message: id)
    }

    private func setPinned(_ pinned: Bool, actor: UserID, channel: Snowflake, message id: Snowflake)
        async throws -> MessageChange
    {
        let channelAccess = try await textChannel(channel, actor: actor)
        let message = try await message(id, in: channel)
        guard channelAccess.permissions.contains(.manageMessages) else {
            throw MessageError.forbidden("Pinning needs the Manage Messages permission.")
        }
        guard message.isPinned != pinned else { return MessageChange(message: message, event: nil) }
        var expected = message
        expected.pinnedAt = pinned ? now() : nil
        let event = try await stage(pinned ? .pinned : .unpinned, expected)
        guard let updated = try await store.setPinned(id: id, at: expected.pinnedAt, maxPins: limits.maxPinsPerChannel,
                                                      event: try event.staged()) else {
            throw MessageError.notFound("Message")
        }
        return MessageChange(message: updated, event: await committed(event))
    }
}
