import BeepPermissions
import BeepPlatformCore
import Foundation

/// A message to send, as the client gives it.
public struct MessageDraft: Sendable, Hashable {
    /// Markdown source (1...4000 characters once trimmed).
    public var content: String
    /// The message answered, which must be in the same channel.
    public var replyToID: Snowflake?
    /// The client's idempotency key: a second send with the same nonce (same author, same
    /// channel) returns the first message instead of creating another.
    public var nonce: String?

    /// A draft from its parts.
    public init(content: String, replyToID: Snowflake? = nil, nonce: String? = nil) {
        self.content = content
        self.replyToID = replyToID
        self.nonce = nonce
    }
}

extension MessageService {
    /// Sends a message: VIEW_CHANNEL and SEND_MESSAGES in a text channel. `@username`s resolve
    /// to users who can see the channel, `@everyone` counts only with MENTION_EVERYONE, and
    /// `#channel`s to channels of the same server the author can see.
    ///
    /// A retry with the same nonce returns the first message and no event (`event == nil`),
    /// also when both sends race (the store's unique index decides).
    /// - Throws: ``MessageError``: `.notFound` (channel not visible), `.forbidden` (no
    ///   SEND_MESSAGES), `.invalid` naming `content`, `nonce`, `replyTo` or `channel`.
    public func send(actor: UserID, channel: Snowflake, _ draft: MessageDraft) async throws -> MessageChange {
        let channelAccess = try await textChannel(channel, actor: actor)
        guard channelAccess.permissions.contains(.sendMessages) else {
            throw MessageError.forbidden("You cannot send messages in this channel.")
        }
        let content = try MessageContent.validate(draft.content, limits: limits)
        let nonce = try MessageContent.validateNonce(draft.nonce, limits: limits)
        if let nonce, let earlier = try await store.message(author: actor, channel: channel, nonce: nonce) {
            return MessageChange(message: earlier, event: nil)
        }
        if let replyTo = draft.replyToID {
            guard let answered = try await store.message(id: replyTo), answered.channelID == channel else {
                throw MessageError.invalid("replyTo", "The message answered is not in this channel.")
            }
        }
        let references = try await resolve(content, author: actor, in: channelAccess)
        let sentAt = now()
        let message = Message(id: ids.next(now: sentAt), channelID: channel, serverID: channelAccess.serverID,
                              authorID: actor, content: content, replyToID: draft.replyToID,
                              mentions: references.mentions, mentionsEveryone: references.mentionsEveryone,
                              channelTags: references.channelTags, hasLink: references.hasLink, pinnedAt: nil,
                              createdAt: sentAt, editedAt: nil, nonce: nonce)
        let event = try await stage(.created, message)
        switch try await store.insert(message, event: try event.staged()) {
        case .existing(let earlier):
            return MessageChange(message: earlier, event: nil)
        case .inserted(let stored):
            // The store gave the message its position: the event carries it too.
            return MessageChange(message: stored, event: await committed(MessageEvent(type: .created, message: stored,
                                                                                   audience: event.audience)))
        }
    }

    /// The resolved references of `content` written by `author` in a channel.
    struct References {
        var mentions: [UserID]
        var mentionsEveryone: Bool
        var channelTags: [Snowflake]
        var hasLink: Bool
    }

    /// Resolves `@username`s (to users who can see the channel), `@everyone` (only with
    /// MENTION_EVERYONE) and `#channel` tags (to channels of the server the author can see).
    func resolve(_ content: String, author: UserID, in channel: ChannelAccess) async throws -> References {
        let scanned = ScannedContent(scanning: content)
        var mentions: [UserID] = []
        let names = Array(scanned.usernames.prefix(limits.maxMentions))
        if !names.isEmpty {
            let found = try await access.userIDs(usernames: names)
            for name in names {
                guard let user = found[name], !mentions.contains(user) else { continue }
                if try await access.canView(user: user, channel: channel.channelID) { mentions.append(user) }
            }
        }
        var tags: [Snowflake] = []
        let tagNames = Array(scanned.channelTags.prefix(limits.maxChannelTags))
        if !tagNames.isEmpty {
            let visible = try await access.visibleChannels(user: author, server: channel.serverID)
                .filter { $0.kind != .folder }
            for name in tagNames {
                if let match = visible.first(where: { MessageContent.tagKey(channelName: $0.name) == name }),
                   !tags.contains(match.channelID) {
                    tags.append(match.channelID)
                }
            }
        }
        return References(mentions: mentions.sorted(),
                          mentionsEveryone: scanned.mentionsEveryone && channel.permissions.contains(.mentionEveryone),
                          channelTags: tags.sorted(), hasLink: scanned.hasLink)
    }
}
