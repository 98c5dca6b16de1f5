import BeepPermissions
import BeepPlatformCore
import Foundation

/// Typing indicators (docs/events.md, "Typing"): a member who may send in a text channel says
/// they are typing; the others who can see the channel get `typing.started`, at most once per
/// ``TypingThrottle`` window per user and channel.
public struct TypingService: Sendable {
    /// How long clients show an indicator after the latest event: 8 s.
    public static let displayMilliseconds = 8000
    /// The least time between two events of one user in one channel: 5 s (less than the display
    /// time, so a user who keeps typing shows without a gap).
    public static let window: TimeInterval = 5

    private let access: any MessageAccess
    private let throttle: TypingThrottle
    private let clock: @Sendable () -> Date
    private let publish: @Sendable (TypingEvent) async -> Void

    /// Typing over `access`; `publish` receives each event; `clock` gives "now".
    public init(access: any MessageAccess, throttle: TypingThrottle = TypingThrottle(window: TypingService.window),
                clock: @escaping @Sendable () -> Date = { Date() },
                publish: @escaping @Sendable (TypingEvent) async -> Void) {
        self.access = access
        self.throttle = throttle
        self.clock = clock
        self.publish = publish
    }

    /// `actor` is typing in `channel`: publishes and returns the event, or nil inside the
    /// throttle window.
    /// - Throws: ``MessageError`` `.notFound` (channel not visible), `.invalid` (not a text
    ///   channel), `.forbidden` (no SEND_MESSAGES).
    @discardableResult
    public func startTyping(actor: UserID, channel: Snowflake) async throws -> TypingEvent? {
        let channelAccess = try await access.access(user: actor, channel: channel)
        guard channelAccess.kind == .text else {
            throw MessageError.invalid("channel", "Typing happens in text channels only.")
        }
        guard channelAccess.permissions.contains(.sendMessages) else {
            throw MessageError.forbidden("You cannot send messages in this channel.")
        }
        guard throttle.admit(user: actor, channel: channel, now: clock()) else { return nil }
        var audience = try await access.viewers(channel: channel)
        audience.remove(actor)
        let event = TypingEvent(channelID: channel, serverID: channelAccess.serverID, userID: actor,
                                expiresInMilliseconds: Self.displayMilliseconds, audience: audience)
        await publish(event)
        return event
    }
}
