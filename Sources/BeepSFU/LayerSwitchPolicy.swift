import BeepWire

/// Time hysteresis for one consumer's layer, applied to the allocator's proposals so that a
/// steady capacity never makes the layer oscillate.
///
/// - Down (a lower layer, or a pause): at once — congestion must be relieved quickly.
/// - Up: only when the proposal has stayed above the current layer for
///   ``Configuration/upgradeHoldTime`` (the allocator already demands a margin), or earlier
///   when a probe at or above the needed rate succeeded since the proposal began; and never
///   sooner than ``Configuration/minimumSwitchInterval`` after the previous switch.
///
/// So under a steady estimate there is at most one upward switch per interval, and a
/// down-up-down cycle takes at least one interval.
public struct LayerSwitchPolicy: Sendable, Hashable {
    /// Timing parameters.
    public struct Configuration: Sendable, Hashable {
        /// Least time between two switches when the second goes up.
        public var minimumSwitchInterval: Duration
        /// How long a higher proposal must persist before moving up without a probe.
        public var upgradeHoldTime: Duration
        /// After moving down from a layer, how long moving back up to it (or above) is refused,
        /// probe or not: a layer that just failed (e.g. its switch key frame overflowed the
        /// path) is not retried at once. Resuming from a pause is exempt. Zero (the default)
        /// disables it.
        public var reupgradeBackoff: Duration

        /// Defaults: 4 s between switches, 2 s hold, no re-upgrade backoff.
        public init(minimumSwitchInterval: Duration = .seconds(4), upgradeHoldTime: Duration = .seconds(2),
                    reupgradeBackoff: Duration = .zero) {
            self.minimumSwitchInterval = minimumSwitchInterval
            self.upgradeHoldTime = upgradeHoldTime
            self.reupgradeBackoff = reupgradeBackoff
        }
    }

    /// The parameters.
    public var configuration: Configuration
    /// The layer chosen now; nil while paused.
    public private(set) var current: SimulcastLayer?
    /// Switches made so far.
    public private(set) var switchCount = 0
    private var lastSwitch: MonotonicTime?
    private var upgradePendingSince: MonotonicTime?
    private var probeConfirmed = false
    /// The layer last moved down from, and when.
    private var leftLayer: SimulcastLayer?
    private var leftAt: MonotonicTime?

    /// A policy starting paused (or at `initial`).
    public init(configuration: Configuration = Configuration(), initial: SimulcastLayer? = nil) {
        self.configuration = configuration
        current = initial
    }

    /// A probe succeeded (the estimator's probe reached the rate the allocator asked for):
    /// a pending upgrade need not wait for the hold time.
    public mutating func probeSucceeded() {
        if upgradePendingSince != nil { probeConfirmed = true }
    }

    /// Applies the allocator's proposal at `now`; returns the new layer when it changes
    /// (`.some(nil)` for a pause), nil when the current layer stays.
    public mutating func update(proposed: SimulcastLayer?, now: MonotonicTime) -> SimulcastLayer?? {
        if proposed == current {
            upgradePendingSince = nil
            probeConfirmed = false
            return nil
        }
        let isUpgrade = Self.isUpgrade(proposed, over: current)
        guard isUpgrade else {
            return switchTo(proposed, now: now)
        }
        let since = upgradePendingSince ?? now
        upgradePendingSince = since
        let held = now - since >= configuration.upgradeHoldTime
        let spaced = lastSwitch.map { now - $0 >= configuration.minimumSwitchInterval } ?? true
        guard spaced, held || probeConfirmed else { return nil }
        // Resuming a paused video is never held back by the backoff.
        if current != nil, let left = leftLayer, let leftAt, let proposed, proposed >= left,
           now - leftAt < configuration.reupgradeBackoff {
            return nil
        }
        return switchTo(proposed, now: now)
    }

    private mutating func switchTo(_ layer: SimulcastLayer?, now: MonotonicTime) -> SimulcastLayer?? {
        if let previous = current, !Self.isUpgrade(layer, over: previous) {
            leftLayer = previous
            leftAt = now
        }
        current = layer
        lastSwitch = now
        switchCount += 1
        upgradePendingSince = nil
        probeConfirmed = false
        return .some(layer)
    }

    /// True when `proposed` is a better picture than `current`; nil (paused) is below every layer.
    public static func isUpgrade(_ proposed: SimulcastLayer?, over current: SimulcastLayer?) -> Bool {
        switch (proposed, current) {
        case (nil, _): false
        case (_?, nil): true
        case let (left?, right?): left > right
        }
    }
}
