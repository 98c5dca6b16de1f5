import BeepPermissions
import BeepPlatformCore
import Foundation

/// The messages service: send, edit, delete, pin, history and search in text channels.
///
/// Every operation takes the acting user and checks through ``MessageAccess`` what they may
/// see and do. Channels and messages they cannot see answer `.notFound` (never `.forbidden`).
/// Every change returns its ``MessageEvent``, writes it to the store in the change's
/// transaction (for the events outbox) and hands it to `publish` after it is committed.
public struct MessageService: Sendable {
    /// Where messages live.
    public let store: any MessageStore
    /// Channels, permissions and usernames.
    public let access: any MessageAccess
    /// The caps in force.
    public let limits: MessageLimits
    let ids: SnowflakeGenerator
    let clock: @Sendable () -> Date
    let publish: @Sendable (MessageEvent) async -> Void

    /// A service on `store` and `access`. `clock` gives "now"; `publish` receives every event
    /// after its change is committed (default: dropped; callers may use the returned events).
    public init(store: any MessageStore, access: any MessageAccess, limits: MessageLimits = MessageLimits(),
                ids: SnowflakeGenerator = SnowflakeGenerator(), clock: @escaping @Sendable () -> Date = { Date() },
                publish: @escaping @Sendable (MessageEvent) async -> Void = { _ in }) {
        self.store = store
        self.access = access
        self.limits = limits
        self.ids = ids
        self.clock = clock
        self.publish = publish
    }

    /// "Now" truncated to whole milliseconds, as times are stored (so a returned message equals
    /// the stored one).
    func now() -> Date {
        let milliseconds = (clock().timeIntervalSince1970 * 1000).rounded(.down)
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    /// The actor's access to a text channel they can see (`.notFound` otherwise).
    func textChannel(_ channel: Snowflake, actor: UserID) async throws -> ChannelAccess {
        let channelAccess = try await access.access(user: actor, channel: channel)
        guard channelAccess.kind == .text else {
            throw MessageError.invalid("channel", "Messages live in text channels only.")
        }
        return channelAccess
    }

    /// The message `id` of `channel` (`.notFound` when it is absent or in another channel).
    func message(_ id: Snowflake, in channel: Snowflake) async throws -> Message {
        guard let message = try await store.message(id: id), message.channelID == channel else {
            throw MessageError.notFound("Message")
        }
        return message
    }

    /// Builds the event with the channel's viewers at this moment, before the change is
    /// written: the store records it in the change's transaction (the events outbox).
    func stage(_ type: MessageEventType, _ message: Message) async throws -> MessageEvent {
        let viewers = try await access.viewers(channel: message.channelID)
        return MessageEvent(type: type, message: message,
                            audience: MessageAudience(channelID: message.channelID, serverID: message.serverID,
                                                      userIDs: viewers))
    }

    /// Hands a committed change's event to `publish` and returns it.
    func committed(_ event: MessageEvent) async -> MessageEvent {
        await publish(event)
        return event
    }
}

/// What a change returns: the message as stored and its event (`nil` when nothing changed,
/// e.g. a retried send or pinning a pinned message).
public struct MessageChange: Sendable, Hashable {
    /// The message after the change.
    public var message: Message
    /// The event published for it, if anything changed.
    public var event: MessageEvent?

    /// A change from its parts.
    public init(message: Message, event: MessageEvent?) {
        self.message = message
        self.event = event
    }
}
