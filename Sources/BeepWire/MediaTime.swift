/// A 64-bit NTP timestamp (RFC 5905 §6, used by RTCP SR in RFC 3550 §6.4.1): seconds since
/// 1900-01-01 in the high 32 bits, a binary fraction in the low 32 bits.
public struct NTPTimestamp: Hashable, Sendable, Comparable {
    /// The raw 64-bit value as carried on the wire.
    public var rawValue: UInt64

    /// Seconds between the NTP era (1900) and the Unix epoch (1970).
    public static let unixEpochOffsetSeconds: UInt64 = 2_208_988_800

    /// Wraps a raw wire value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Builds from whole seconds and a 32-bit fraction.
    public init(seconds: UInt32, fraction: UInt32) {
        rawValue = UInt64(seconds) << 32 | UInt64(fraction)
    }

    /// Converts from seconds since the Unix epoch (wall-clock time supplied by the caller).
    public init(unixSeconds: Double) {
        let total = max(unixSeconds, 0) + Double(Self.unixEpochOffsetSeconds)
        let whole = total.rounded(.down)
        let fraction = (total - whole) * 4_294_967_296.0
        let wholeBits = UInt64(whole.clamped(to: 0...Double(UInt32.max)))
        let fractionBits = UInt64(fraction.clamped(to: 0...Double(UInt32.max)))
        rawValue = wholeBits << 32 | fractionBits
    }

    /// Whole seconds since 1900.
    public var seconds: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }
    /// The binary fraction of a second.
    public var fraction: UInt32 { UInt32(truncatingIfNeeded: rawValue) }

    /// The middle 32 bits (RFC 3550 §6.4.1 "LSR"): 16.16 fixed-point seconds.
    public var compact: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 16) }

    /// Seconds since the Unix epoch.
    public var unixSeconds: Double {
        Double(seconds) - Double(Self.unixEpochOffsetSeconds) + Double(fraction) / 4_294_967_296.0
    }

    public static func < (lhs: NTPTimestamp, rhs: NTPTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Converts a 16.16 fixed-point compact NTP interval (RTCP DLSR, round-trip computation in
/// RFC 3550 §6.4.1) to and from seconds.
public enum CompactNTP {
    /// Seconds represented by a 16.16 value.
    public static func seconds(_ compact: UInt32) -> Double { Double(compact) / 65_536.0 }

    /// The 16.16 representation of a non-negative interval in seconds, saturating.
    public static func compact(seconds: Double) -> UInt32 {
        UInt32((max(seconds, 0) * 65_536.0).clamped(to: 0...Double(UInt32.max)))
    }

    /// Round-trip time from a report block (RFC 3550 §6.4.1): `arrival - LSR - DLSR`, in seconds,
    /// or nil when the sender has not received an SR yet (LSR zero) or the result is negative.
    public static func roundTrip(arrival: UInt32, lastSR: UInt32, delaySinceLastSR: UInt32) -> Double? {
        guard lastSR != 0 else { return nil }
        let rtt = Int64(arrival) - Int64(lastSR) - Int64(delaySinceLastSR)
        guard rtt >= 0 else { return nil }
        return Double(rtt) / 65_536.0
    }
}

/// An RTP media clock (RFC 3550 §5.1): converts between seconds and timestamp ticks.
public struct RTPClock: Hashable, Sendable {
    /// Ticks per second (48000 for Opus, 90000 for video).
    public let rate: UInt32

    /// A clock with the given rate (must be positive; zero is treated as 1 to avoid division traps).
    public init(rate: UInt32) { self.rate = max(rate, 1) }

    /// The Opus clock (RFC 7587 §4.1: always 48 kHz).
    public static let opus = RTPClock(rate: 48_000)
    /// The video clock (90 kHz, RFC 3551 §5).
    public static let video = RTPClock(rate: 90_000)

    /// Ticks for a duration in seconds, wrapping into 32 bits.
    public func ticks(seconds: Double) -> UInt32 {
        let value = (seconds * Double(rate)).rounded()
        guard value.isFinite else { return 0 }
        let wrapped = value.truncatingRemainder(dividingBy: 4_294_967_296.0)
        return UInt32(wrapped < 0 ? wrapped + 4_294_967_296.0 : wrapped)
    }

    /// Seconds for a signed tick count.
    public func seconds(ticks: Int64) -> Double { Double(ticks) / Double(rate) }
}

extension Comparable {
    @usableFromInline
    func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
