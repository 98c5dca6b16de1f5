import BeepWire

/// When a media socket's one timer fires next (sans-IO: the socket handler asks, NIO schedules).
///
/// The timer exists only while the socket hosts sessions: a socket without sessions never wakes
/// its event loop. It fires at the earliest deadline its sessions report, but
/// - never sooner than ``minimumSpacing`` after its previous run, so a deadline that stays in
///   the past cannot spin the loop (at worst it runs at the old fixed tick's rate), and
/// - never later than ``sweepInterval`` from now, so datagrams sessions queue outside a read
///   batch or a timer run (signalling commands, admin actions) leave within that interval even
///   when nobody kicks the socket.
public struct SocketTimerPlan: Sendable, Hashable {
    /// The least time between two timer runs.
    public var minimumSpacing: Duration
    /// The longest a socket with sessions waits between timer runs.
    public var sweepInterval: Duration

    /// A plan; `sweepInterval` is raised to `minimumSpacing` when shorter.
    public init(minimumSpacing: Duration = .milliseconds(5), sweepInterval: Duration = .milliseconds(50)) {
        self.minimumSpacing = max(minimumSpacing, .zero)
        self.sweepInterval = max(sweepInterval, self.minimumSpacing)
    }

    /// When to fire, given the sessions' earliest deadline (nil: none has one), the previous
    /// run (nil: never ran) and the current time.
    public func fireTime(earliestDeadline: MonotonicTime?, lastRun: MonotonicTime?, now: MonotonicTime) -> MonotonicTime {
        let latest = now + sweepInterval
        var target = earliestDeadline.map { min($0, latest) } ?? latest
        if let lastRun, target < lastRun + minimumSpacing { target = lastRun + minimumSpacing }
        return target
    }
}
