import BeepPlatformCore
import Foundation
import Synchronization

/// At most one `typing.started` per user and channel per window (docs/events.md, "Typing"):
/// a client typing on calls every few seconds, extra calls inside the window publish nothing.
public final class TypingThrottle: Sendable {
    private struct Key: Hashable {
        let user: UserID
        let channel: Snowflake
    }

    /// The window.
    public let window: TimeInterval
    private let last = Mutex<[Key: Date]>([:])

    /// A throttle with `window` seconds between events of one user in one channel.
    public init(window: TimeInterval) {
        self.window = window
    }

    /// Whether a typing event of `user` in `channel` may go out at `now` (and records it if so).
    /// Entries older than the window are forgotten as the table grows.
    public func admit(user: UserID, channel: Snowflake, now: Date) -> Bool {
        last.withLock { table in
            let key = Key(user: user, channel: channel)
            if let previous = table[key], now.timeIntervalSince(previous) < window, now >= previous { return false }
            if table.count >= 4096 { table = table.filter { now.timeIntervalSince($0.value) < window } }
            table[key] = now
            return true
        }
    }
}
